import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import { compareRuns } from '../compare/compare.js';
import type { Comparison } from '../compare/types.js';
import { ModelError } from '../errors.js';
import { loadModel } from '../models/load-model.js';
import type { Task } from '../tasks/types.js';
import { loadBenchmark, loadBenchmarkTasks, type LoadedBenchmark } from './load-benchmark.js';
import { acquireLock } from './lock.js';
import type { RunResult } from './result-types.js';
import { buildRunResult } from './results.js';
import { runModel, type ModelProgress } from './run-model.js';
import { readSampleLog, sampleLogPath } from './sample-log.js';
import type { SampleRecord } from './record.js';

export interface RunOptions {
  /** A benchmark file, or a benchmark already loaded (heldout score builds one). */
  benchmark: string | LoadedBenchmark;
  /** `--model NAME=SOURCE` overrides (sources relative to the cwd). */
  models?: Record<string, string>;
  tasks?: string[];
  limit?: number;
  out?: string;
  threads?: number;
  onProgress?: (p: ModelProgress) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunOutcome {
  outDir: string;
  bench: LoadedBenchmark;
  tasks: Task[];
  results: RunResult[];
  comparison?: Comparison;
}

/** Run every model of a benchmark over its tasks; resumes from what the out dir already holds. */
export async function runBenchmark(opts: RunOptions): Promise<RunOutcome> {
  const bench = typeof opts.benchmark === 'string' ? await loadBenchmark(opts.benchmark) : opts.benchmark;
  const models = resolveModels(bench, opts.models ?? {});
  const tasks = await loadBenchmarkTasks(bench, { filters: opts.tasks, limit: opts.limit });
  const outDir = path.resolve(opts.out ?? path.join('reports', bench.spec.name));
  const release = await acquireLock(outDir);
  try {
    const results: RunResult[] = [];
    for (const [name, { spec, baseDir }] of Object.entries(models)) {
      results.push(await runOneModel(bench, name, spec, baseDir, tasks, outDir, opts));
    }
    const comparison = compare(bench, results);
    return { outDir, bench, tasks, results, comparison };
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

async function runOneModel(
  bench: LoadedBenchmark, name: string, spec: ModelSpec, baseDir: string, tasks: Task[], outDir: string, opts: RunOptions,
): Promise<RunResult> {
  const { spec: b } = bench;
  opts.onLog?.(`loading ${name} from ${spec.source}`);
  const model = await loadModel(name, spec, { baseDir, threads: opts.threads, batchSize: b.generation.batch_size });
  try {
    if (spec.format === 'chat' && !model.info.hasChatTemplate && model.info.backend === 'onnx') {
      throw new ModelError(`model "${name}" (${model.info.source}) has no chat template, but the benchmark asks for format "chat"`, {
        file: model.info.source,
        hint: `set models.${name}.format to "plain", or give the model a tokenizer_config.json with a chat_template`,
      });
    }
    await runModel({
      name, spec, model, tasks, outDir, generation: b.generation, seed: b.seed, templates: b.templates,
      onProgress: opts.onProgress, signal: opts.signal,
    });
    const records = new Map<string, SampleRecord[]>();
    for (const t of tasks) records.set(t.id, [...(await readSampleLog(sampleLogPath(outDir, name, t.id))).values()]);
    const result = buildRunResult(tasks, records, {
      benchmark: b.name,
      model: {
        name, source: model.info.source, backend: model.info.backend, fingerprint: model.info.fingerprint,
        format: spec.format, shots: spec.shots, dtype: model.info.dtype,
        trainedFamilies: spec.trained_families ?? model.info.trainedFamilies ?? [],
      },
      seed: b.seed,
      settings: { ...b.generation, templates: b.templates ?? null, limit: opts.limit ?? b.limit ?? null },
      iterations: b.bootstrap_iterations,
      templates: b.templates,
    });
    await mkdir(path.join(outDir, 'results'), { recursive: true });
    await writeFile(path.join(outDir, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await model.dispose();
  }
}

function compare(bench: LoadedBenchmark, results: RunResult[]): Comparison | undefined {
  const c = bench.spec.compare;
  if (!c) return undefined;
  const base = results.find((r) => r.model.name === c.baseline);
  const cand = results.find((r) => r.model.name === c.candidate);
  if (!base || !cand) return undefined;
  return compareRuns(base, cand, { seed: bench.spec.seed, iterations: bench.spec.bootstrap_iterations });
}
