/**
 * The fault-injection suite's tools: a reference run, runs killed or signalled at chosen points,
 * and the three counts every case reports: readable records lost, records duplicated (by key), and
 * result files that differ from the uninterrupted run's (timing fields aside).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { startCli, waitUntil } from '../helpers/run-dir.js';

export interface FaultConfig {
  /** `heldout run …` arguments without --out. */
  run: string[];
  /** Seed for the random kill points. */
  seed: number;
}

export interface CaseResult {
  name: string;
  lost: number;
  duplicated: number;
  differ: number;
  /** Set when the case could not run here (e.g. no tmpfs without root). */
  skipped?: string;
  /** What happened, for the table (exit codes, where the kill landed). */
  note: string;
}

export interface Reference {
  dir: string;
  /** The reference run's own cache (real answer keys, for the garbage-cache case). */
  answerCache: string;
  /** A cache holding only the programs' outcomes: cases start cold on answers, but code runs the same. */
  codeCache: string;
  keys: Map<string, number>;
  outputs: Record<string, string>;
  /** How long an uninterrupted run of a case took (answers cold, programs cached): random-time kills are drawn inside it. */
  wallMs: number;
}

export const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `heldout-fault-${name}-`));

export function cli(args: string[], cache: string, cwd = ROOT): CliResult {
  return runCli(args, { env: { HELDOUT_CACHE_DIR: cache }, cwd });
}

/** The uninterrupted run every case is measured against. */
export function reference(cfg: FaultConfig): Reference {
  const dir = tmp('reference');
  const cache = tmp('reference-cache');
  const r = cli([...cfg.run, '--out', dir], cache);
  if (r.code !== 0) throw new Error(`the reference run failed (exit ${r.code}):\n${r.stderr}`);
  const codeCache = tmp('code-cache');
  if (existsSync(path.join(cache, 'code'))) cpSync(path.join(cache, 'code'), path.join(codeCache, 'code'), { recursive: true });
  // a case runs with the programs' outcomes cached: time one such run, random-time kills land inside it
  const timing = tmp('timing-cache');
  cpSync(codeCache, timing, { recursive: true });
  const started = Date.now();
  cli([...cfg.run, '--out', tmp('timing')], timing);
  const wallMs = Date.now() - started;
  return { dir, answerCache: cache, codeCache, keys: recordKeys(dir), outputs: outputs(dir), wallMs };
}

/** A fresh cache for one case: no answers, the reference's program outcomes. */
export function caseCache(ref: Reference): string {
  const dir = tmp('cache');
  cpSync(ref.codeCache, dir, { recursive: true });
  return dir;
}

/** key → number of readable lines holding it, over every sample log of a run directory. */
export function recordKeys(dir: string): Map<string, number> {
  const keys = new Map<string, number>();
  const samples = path.join(dir, 'samples');
  if (!existsSync(samples)) return keys;
  for (const model of readdirSync(samples)) {
    for (const f of readdirSync(path.join(samples, model)).filter((n) => n.endsWith('.jsonl') && !n.endsWith('.corrupt.jsonl'))) {
      for (const line of readFileSync(path.join(samples, model, f), 'utf8').split('\n')) {
        for (const key of keysOfLine(line)) keys.set(`${model}/${key}`, (keys.get(`${model}/${key}`) ?? 0) + 1);
      }
    }
  }
  return keys;
}

/** The keys of the readable records a line holds: one record, or several glued together. */
function keysOfLine(line: string): string[] {
  const keyOf = (text: string): string | null => {
    try {
      const r = JSON.parse(text) as { key?: unknown } | null;
      return typeof r?.key === 'string' ? r.key : null;
    } catch {
      return null;
    }
  };
  if (!line.trim()) return [];
  const whole = keyOf(line);
  if (whole) return [whole];
  const keys: string[] = [];
  let start = 0;
  for (let i = line.indexOf('}{'); i !== -1; i = line.indexOf('}{', i + 1)) {
    const k = keyOf(line.slice(start, i + 1));
    if (k) { keys.push(k); start = i + 1; }
  }
  const last = keys.length ? keyOf(line.slice(start)) : null;
  return last ? [...keys, last] : keys;
}

const TIMING = /^(time|timing|duration|elapsed|started|finished|seconds|ms)$/i;

/** results/*.json and comparison.json, timing fields removed. */
export function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const strip = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (TIMING.test(k) ? undefined : v));
  const results = path.join(dir, 'results');
  if (existsSync(results)) for (const f of readdirSync(results).filter((n) => n.endsWith('.json')).sort()) files[`results/${f}`] = strip(readFileSync(path.join(results, f), 'utf8'));
  if (existsSync(path.join(dir, 'comparison.json'))) files['comparison.json'] = strip(readFileSync(path.join(dir, 'comparison.json'), 'utf8'));
  return files;
}

/**
 * The counts of one case: readable records of `before` (what the fault left) or of the reference
 * that are not in the final directory, keys held more than once, and result files that differ.
 */
export function measure(ref: Reference, dir: string, before: Map<string, number>): Pick<CaseResult, 'lost' | 'duplicated' | 'differ'> {
  const after = recordKeys(dir);
  const wanted = new Set([...before.keys(), ...ref.keys.keys()]);
  const lost = [...wanted].filter((k) => !after.has(k)).length;
  const duplicated = [...after.values()].reduce((n, c) => n + c - 1, 0);
  const got = outputs(dir);
  const names = new Set([...Object.keys(ref.outputs), ...Object.keys(got)]);
  const differ = [...names].filter((n) => got[n] !== ref.outputs[n]).length;
  return { lost, duplicated, differ };
}

/** Where a kill lands: a condition on the run directory, checked every 10 ms. */
export type KillPoint = { label: string; when: (dir: string) => boolean; delayMs?: number };

/** Run, kill -9 (or signal) at the point, and return what the fault left behind. */
export async function interrupt(cfg: FaultConfig, dir: string, cache: string, point: KillPoint, signal: NodeJS.Signals = 'SIGKILL', again = false): Promise<{ landed: boolean; code: number | null; stderr: string }> {
  const child = startCli([...cfg.run, '--out', dir], { HELDOUT_CACHE_DIR: cache });
  const landed = await waitUntil(() => point.when(dir), child.done, 300_000);
  if (point.delayMs) await new Promise((r) => setTimeout(r, point.delayMs));
  child.kill(signal);
  if (again) { await new Promise((r) => setTimeout(r, 30)); child.kill(signal); }
  const code = await child.done;
  return { landed, code, stderr: child.stderrText() };
}

export function totalLines(dir: string): number {
  let n = 0;
  for (const c of recordKeys(dir).values()) n += c;
  return n;
}

export function logCount(dir: string): number {
  const samples = path.join(dir, 'samples');
  if (!existsSync(samples)) return 0;
  return readdirSync(samples).reduce((n, m) => n + readdirSync(path.join(samples, m)).filter((f) => f.endsWith('.jsonl')).length, 0);
}

export function copyRun(ref: Reference, name: string): string {
  const dir = tmp(name);
  cpSync(ref.dir, dir, { recursive: true });
  return dir;
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
