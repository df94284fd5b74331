import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import type { Comparison } from '../compare/types.js';
import type { Task } from '../tasks/types.js';
import { AnswerCache } from './answer-cache.js';
import { heldoutCacheDir } from './cache-dir.js';
import { finishRun } from './finish-run.js';
import { repairLogs, type LogRepair } from './log-repair.js';
import { checkModelOverrides, loadBenchmark, loadBenchmarkTasks, type LoadedBenchmark } from './load-benchmark.js';
import { acquireLock } from './lock.js';
import { inShard, readManifest, taskManifest, writeManifest, type RunManifest, type Shard } from './manifest.js';
import { openModelHandle, preflightModel, type OpenedHandle } from './model-handle.js';
import type { ModelIdentity, RunResult } from './result-types.js';
import { planModel, runModel, type ModelProgress, type TaskPlan } from './run-model.js';
import { checkPredictionSources } from './prediction-coverage.js';
import { checkSameModels, checkSameRun } from './same-run.js';
import { ConfigError } from '../errors.js';

export interface RunOptions {
  /** A benchmark file, or a benchmark already loaded (heldout score builds one). */
  benchmark: string | LoadedBenchmark;
  /** `--model NAME=SOURCE` overrides (sources relative to the cwd). */
  models?: Record<string, string>;
  /** `--shots NAME=K`: also run NAME with K exemplars, as model `NAME-Kshot`. */
  shots?: Record<string, number>;
  tasks?: string[];
  limit?: number;
  out?: string;
  shard?: Shard;
  /** false = --no-cache. */
  cache?: boolean;
  threads?: number;
  /** `--max-batch-tokens`: overrides generation.max_batch_tokens. */
  maxBatchTokens?: number;
  concurrency?: number;
  /** `predictions:` models: score items without a prediction as missing instead of failing. */
  allowMissing?: boolean;
  onProgress?: (p: ModelProgress) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunOutcome {
  outDir: string;
  bench: LoadedBenchmark;
  tasks: Task[];
  manifest: RunManifest;
  results: RunResult[];
  comparison?: Comparison;
  /** Logs this run repaired before appending (unreadable lines quarantined, their requests asked again). */
  repairs: LogRepair[];
}

/**
 * Run every model of a benchmark over its tasks; resumes from what the out dir already holds.
 * run.json (models, settings and every planned request key) is written before the first record
 * is appended, and a directory holding another run or model is refused before anything is asked.
 */
export async function runBenchmark(opts: RunOptions): Promise<RunOutcome> {
  const bench = typeof opts.benchmark === 'string' ? await loadBenchmark(opts.benchmark) : opts.benchmark;
  const models = addShotVariants(resolveModels(bench, opts.models ?? {}), opts.shots ?? {});
  const tasks = await loadBenchmarkTasks(bench, { filters: opts.tasks, limit: opts.limit });
  for (const w of tasks.flatMap((t) => t.warnings)) opts.onLog?.(`warning: ${w}`);
  for (const [name, { spec, baseDir }] of Object.entries(models)) await preflightModel(name, spec, baseDir, tasks);
  const outDir = path.resolve(opts.out ?? path.join('reports', bench.spec.name));
  const release = await acquireLock(outDir);
  const handles: OpenModel[] = [];
  try {
    const manifest = newManifest(bench, tasks, opts);
    const previous = await readManifest(outDir);
    checkSameRun(previous, manifest, outDir);
    const coverage = await checkPredictionSources(models, tasks, { templates: bench.spec.templates, shard: opts.shard ?? null }, opts);
    for (const [name, { spec, baseDir }] of Object.entries(models)) handles.push(await openModel(bench, name, spec, baseDir, opts));
    manifest.models = handles.map((h) => (coverage.has(h.identity.name) ? { ...h.identity, predictions: coverage.get(h.identity.name) } : h.identity));
    checkSameModels(previous?.models ?? [], manifest.models, outDir);
    manifest.plan = planModels(handles, bench, tasks, opts.shard ?? null);
    const repairs = await repairLogs(outDir, manifest.plan);
    if (previous?.repairs?.length || repairs.length) manifest.repairs = [...(previous?.repairs ?? []), ...repairs];
    await writeManifest(outDir, manifest);
    // One model's sessions in memory at a time: each is released as soon as it has answered.
    for (const h of handles) { await askModel(bench, h, outDir, opts); await dispose(h); }
    const { results, comparison } = await finishRun(outDir, manifest);
    manifest.finished = new Date().toISOString();
    await writeManifest(outDir, manifest);
    return { outDir, bench, tasks, manifest, results, comparison, repairs };
  } finally {
    for (const h of handles) await dispose(h).catch(() => undefined);
    await release();
  }
}

function resolveModels(bench: LoadedBenchmark, overrides: Record<string, string>): Record<string, { spec: ModelSpec; baseDir: string }> {
  checkModelOverrides(bench, overrides);
  const out: Record<string, { spec: ModelSpec; baseDir: string }> = {};
  for (const [name, spec] of Object.entries(bench.spec.models)) {
    const override = overrides[name];
    out[name] = override ? { spec: { ...spec, source: override }, baseDir: process.cwd() } : { spec, baseDir: bench.dir };
  }
  return out;
}

type Resolved = Record<string, { spec: ModelSpec; baseDir: string }>;

function addShotVariants(models: Resolved, shots: Record<string, number>): Resolved {
  const out: Resolved = { ...models };
  for (const [name, k] of Object.entries(shots)) {
    const base = models[name];
    if (!base) throw new ConfigError(`--shots ${name}=${k}: no model named "${name}" (models: ${Object.keys(models).join(', ')})`, { hint: 'name a model of the benchmark' });
    if (!Number.isInteger(k) || k < 0) throw new ConfigError(`--shots ${name}=${k}: K must be a whole number ≥ 0`, { hint: 'e.g. --shots base=3' });
    if (k !== base.spec.shots) out[`${name}-${k}shot`] = { ...base, spec: { ...base.spec, shots: k } };
  }
  return out;
}

interface OpenModel {
  spec: ModelSpec;
  handle: OpenedHandle;
  identity: ModelIdentity;
  plans?: TaskPlan[];
  disposed?: boolean;
}

async function dispose(m: OpenModel): Promise<void> {
  if (m.disposed) return;
  m.disposed = true;
  await m.handle.dispose();
}

/** A model's identity (its fingerprint) before anything is asked; a local model's weights load only on a cache miss. */
async function openModel(bench: LoadedBenchmark, name: string, spec: ModelSpec, baseDir: string, opts: RunOptions): Promise<OpenModel> {
  opts.onLog?.(`${name}: ${spec.source}`);
  const handle = await openModelHandle(name, spec, baseDir, {
    threads: opts.threads, batchSize: bench.spec.generation.batch_size,
    maxBatchTokens: opts.maxBatchTokens ?? bench.spec.generation.max_batch_tokens, concurrency: opts.concurrency,
  });
  for (const w of handle.warnings) opts.onLog?.(`${name}: ${w}`);
  const { info } = handle;
  const identity: ModelIdentity = {
    name, source: info.source, backend: info.backend, fingerprint: info.fingerprint,
    format: spec.format, shots: spec.shots, dtype: info.dtype,
    trainedFamilies: spec.trained_families ?? info.trainedFamilies ?? [],
  };
  return { spec, handle, identity };
}

async function askModel(bench: LoadedBenchmark, m: OpenModel, outDir: string, opts: RunOptions): Promise<void> {
  const { spec: b } = bench;
  const cache = opts.cache === false ? null : await AnswerCache.open(heldoutCacheDir(), m.handle.info.fingerprint);
  await runModel({
    name: m.identity.name, spec: m.spec, model: m.handle, tasks: m.plans!.map((p) => p.task), plans: m.plans, outDir,
    generation: b.generation, seed: b.seed, templates: b.templates, cache,
    codeConcurrency: opts.concurrency, onProgress: opts.onProgress, signal: opts.signal,
  });
}

/** Every model's requests (its shard's only), kept on its handle; returns the keys run.json records. */
function planModels(handles: OpenModel[], bench: LoadedBenchmark, tasks: Task[], shard: Shard | null): Record<string, Record<string, string[]>> {
  for (const h of handles) {
    h.plans = planModel({ spec: h.spec, model: h.handle, tasks, generation: bench.spec.generation, seed: bench.spec.seed,
      templates: bench.spec.templates, stability: bench.spec.stability, select: (u) => inShard(shard, u.task.id, u.sample.id) });
  }
  return Object.fromEntries(handles.map((h) => [h.identity.name, planKeys(h.plans!)]));
}

/** The request keys of a model's plan, per task: what results may be built from. */
export function planKeys(plans: TaskPlan[]): Record<string, string[]> {
  return Object.fromEntries(plans.map((p) => [p.task.id, p.units.map((u) => u.key)]));
}

function newManifest(bench: LoadedBenchmark, tasks: Task[], opts: RunOptions): RunManifest {
  const b = bench.spec;
  return {
    version: 1, benchmark: b.name, seed: b.seed, iterations: b.bootstrap_iterations,
    // the token budget changes how requests are packed, not the answers: a run may resume under another one
    settings: { ...withoutKey(b.generation, 'max_batch_tokens'), templates: b.templates ?? null, ...(b.stability ? { stability: b.stability } : {}) },
    shard: opts.shard ?? null, compare: b.compare ?? null, models: [],
    tasks: tasks.map((t) => taskManifest(t, b.templates)),
  };
}

function withoutKey<T extends object>(o: T, key: keyof T): Omit<T, typeof key> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}
