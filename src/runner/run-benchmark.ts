import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import type { Comparison } from '../compare/types.js';
import type { Task } from '../tasks/types.js';
import { AnswerCache } from './answer-cache.js';
import { heldoutCacheDir } from './cache-dir.js';
import { finishRun } from './finish-run.js';
import { loadBenchmark, loadBenchmarkTasks, type LoadedBenchmark } from './load-benchmark.js';
import { acquireLock } from './lock.js';
import { inShard, manifestKey, readManifest, taskManifest, writeManifest, type RunManifest, type Shard } from './manifest.js';
import { openModelHandle } from './model-handle.js';
import type { ModelIdentity, RunResult } from './result-types.js';
import { runModel, type ModelProgress } from './run-model.js';
import { ConfigError, RunError } from '../errors.js';

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
  concurrency?: number;
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
}

/** Run every model of a benchmark over its tasks; resumes from what the out dir already holds. */
export async function runBenchmark(opts: RunOptions): Promise<RunOutcome> {
  const bench = typeof opts.benchmark === 'string' ? await loadBenchmark(opts.benchmark) : opts.benchmark;
  const models = addShotVariants(resolveModels(bench, opts.models ?? {}), opts.shots ?? {});
  const tasks = await loadBenchmarkTasks(bench, { filters: opts.tasks, limit: opts.limit });
  const outDir = path.resolve(opts.out ?? path.join('reports', bench.spec.name));
  const release = await acquireLock(outDir);
  try {
    const manifest = newManifest(bench, tasks, opts);
    const previous = await readManifest(outDir);
    checkSameRun(previous, manifest, outDir);
    for (const [name, { spec, baseDir }] of Object.entries(models)) {
      manifest.models.push(await runOneModel(bench, name, spec, baseDir, tasks, outDir, opts, previous));
    }
    await writeManifest(outDir, manifest);
    const { results, comparison } = await finishRun(outDir, manifest);
    return { outDir, bench, tasks, manifest, results, comparison };
  } finally {
    await release();
  }
}

function resolveModels(bench: LoadedBenchmark, overrides: Record<string, string>): Record<string, { spec: ModelSpec; baseDir: string }> {
  const out: Record<string, { spec: ModelSpec; baseDir: string }> = {};
  for (const [name, spec] of Object.entries(bench.spec.models)) {
    const override = overrides[name];
    out[name] = override ? { spec: { ...spec, source: override }, baseDir: process.cwd() } : { spec, baseDir: bench.dir };
  }
  for (const [name, source] of Object.entries(overrides)) {
    if (!out[name]) out[name] = { spec: { source, format: 'plain', shots: 0, dtype: 'fp32' }, baseDir: process.cwd() };
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

async function runOneModel(
  bench: LoadedBenchmark, name: string, spec: ModelSpec, baseDir: string, tasks: Task[], outDir: string, opts: RunOptions,
  previous: RunManifest | null,
): Promise<ModelIdentity> {
  const { spec: b } = bench;
  opts.onLog?.(`${name}: ${spec.source}`);
  const handle = await openModelHandle(name, spec, baseDir, { threads: opts.threads, batchSize: b.generation.batch_size, concurrency: opts.concurrency });
  for (const w of handle.warnings) opts.onLog?.(`${name}: ${w}`);
  try {
    const before = previous?.models.find((m) => m.name === name);
    if (before && before.fingerprint !== handle.info.fingerprint) {
      throw new RunError(`${outDir} holds answers of another "${name}" (${before.fingerprint}, now ${handle.info.fingerprint})`, {
        file: outDir, hint: 'pass another --out for a different model, or delete that directory to start over',
      });
    }
    const cache = opts.cache === false ? null : await AnswerCache.open(heldoutCacheDir(), handle.info.fingerprint);
    const shard = opts.shard ?? null;
    await runModel({
      name, spec, model: handle, tasks, outDir, generation: b.generation, seed: b.seed, templates: b.templates, cache,
      select: (u) => inShard(shard, u.task.id, u.sample.id),
      codeConcurrency: opts.concurrency, onProgress: opts.onProgress, signal: opts.signal,
    });
    const { info } = handle;
    return {
      name, source: info.source, backend: info.backend, fingerprint: info.fingerprint,
      format: spec.format, shots: spec.shots, dtype: info.dtype,
      trainedFamilies: spec.trained_families ?? info.trainedFamilies ?? [],
    };
  } finally {
    await handle.dispose();
  }
}

function newManifest(bench: LoadedBenchmark, tasks: Task[], opts: RunOptions): RunManifest {
  const b = bench.spec;
  return {
    version: 1, benchmark: b.name, seed: b.seed, iterations: b.bootstrap_iterations,
    settings: { ...b.generation, templates: b.templates ?? null },
    shard: opts.shard ?? null, compare: b.compare ?? null, models: [],
    tasks: tasks.map((t) => taskManifest(t, b.templates)),
  };
}

/** Answers of one run never mix with another's: same benchmark, tasks, settings and shard. */
function checkSameRun(previous: RunManifest | null, manifest: RunManifest, outDir: string): void {
  if (!previous) return;
  if (manifestKey(previous) === manifestKey(manifest) && JSON.stringify(previous.shard) === JSON.stringify(manifest.shard)) return;
  throw new RunError(`${outDir} holds a different run (benchmark, tasks, items, settings or shard changed)`, {
    file: outDir, hint: 'pass another --out, or delete that directory to start over',
  });
}
