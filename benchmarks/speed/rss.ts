import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RatioLine } from './measure.js';

const run = promisify(execFile);
const CHILD = path.join(import.meta.dirname, 'rss-child.ts');

interface ChildReport { units: number; maxRssKb: number; vmHwmKb: number | null; heapUsedKb: number; externalKb: number; rssNowKb: number }

async function peakRss(modelDir: string, limit: number, threads: number): Promise<ChildReport> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'heldout-speed-rss-'));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, path.resolve(modelDir), String(limit), work, String(threads)], {
      cwd: path.resolve(import.meta.dirname, '..', '..'), maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** (e) Peak RSS of a whole cold run at 10× the items over 1× the items, each in a fresh process. */
export async function measureRss(opts: { modelDir: string; threads: number; limit: number }): Promise<RatioLine> {
  const one = await peakRss(opts.modelDir, opts.limit, opts.threads);
  const ten = await peakRss(opts.modelDir, opts.limit * 10, opts.threads);
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  return {
    label: '(e) peak RSS, 10× the items ÷ 1× the items (cold runBenchmark, one process each)',
    ratio: ten.maxRssKb / one.maxRssKb,
    goal: { op: '<=', value: 1.2 },
    detail: `peak RSS ${mb(one.maxRssKb)} MB at ${one.units} units, ${mb(ten.maxRssKb)} MB at ${ten.units} units; at the end, JS heap ${mb(one.heapUsedKb)} / ${mb(ten.heapUsedKb)} MB, `
      + `external ${mb(one.externalKb)} / ${mb(ten.externalKb)} MB, RSS ${mb(one.rssNowKb)} / ${mb(ten.rssNowKb)} MB`,
  };
}
