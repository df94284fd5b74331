import pLimit from 'p-limit';
import type { GenerationSettings, ModelSpec } from '../config/benchmark-schema.js';
import type { Model } from '../models/types.js';
import { seedFrom } from '../stats/index.js';
import type { Task } from '../tasks/types.js';
import { planTask, type Unit } from './plan.js';
import type { SampleRecord } from './record.js';
import { appendRecords, readSampleLog, sampleLogPath } from './sample-log.js';
import { scoreUnit } from './score-unit.js';

export interface ModelProgress {
  model: string;
  task: string;
  done: number;
  total: number;
  cached: number;
}

export interface RunModelOptions {
  name: string;
  spec: ModelSpec;
  model: Model;
  tasks: Task[];
  outDir: string;
  generation: GenerationSettings;
  seed: number;
  templates?: string[];
  /** Keep only units whose key this returns true for (shards). */
  select?: (unit: Unit) => boolean;
  onProgress?: (p: ModelProgress) => void;
  signal?: AbortSignal;
}

/** Ask one model every unit of every task that its sample log does not hold yet. */
export async function runModel(opts: RunModelOptions): Promise<void> {
  const plans = opts.tasks.map((task) => ({ task, units: planTask(task, planOptions(opts, task)).filter(opts.select ?? (() => true)) }));
  const total = plans.reduce((n, p) => n + p.units.length, 0);
  let done = 0;
  for (const { task, units } of plans) {
    const file = sampleLogPath(opts.outDir, opts.name, task.id);
    const existing = await readSampleLog(file);
    const todo = units.filter((u) => !existing.has(u.key));
    done += units.length - todo.length;
    opts.onProgress?.({ model: opts.name, task: task.id, done, total, cached: units.length - todo.length });
    const rendered = new Map(todo.map((u) => [u.key, opts.model.renderPrompt(u.prompt)]));
    todo.sort((a, b) => rendered.get(b.key)!.length - rendered.get(a.key)!.length);
    for (let i = 0; i < todo.length; i += opts.generation.batch_size) {
      opts.signal?.throwIfAborted();
      const batch = todo.slice(i, i + opts.generation.batch_size);
      const records = await askBatch(opts, batch, rendered);
      await appendRecords(file, records);
      done += batch.length;
      opts.onProgress?.({ model: opts.name, task: task.id, done, total, cached: 0 });
    }
  }
}

function planOptions(opts: RunModelOptions, task: Task) {
  const { temperature, top_p, n, max_new_tokens } = opts.generation;
  const samples = task.code ? n : 1;
  return {
    model: opts.spec,
    fingerprint: opts.model.info.fingerprint,
    templates: opts.templates,
    settings: { temperature, top_p, n: samples, seed: temperature > 0 ? opts.seed : null },
    maxNewTokens: max_new_tokens,
  };
}

const codeLimit = pLimit(2);

async function askBatch(opts: RunModelOptions, batch: Unit[], rendered: Map<string, string>): Promise<SampleRecord[]> {
  const { model, generation } = opts;
  const choice = batch.filter((u) => u.choice);
  const scored = choice.length && model.info.canScore
    ? await model.loglikelihood(choice.map((u) => ({ context: u.prompt, continuations: u.choice!.continuations, origin: origin(u) })))
    : [];
  const generated = await model.generate(batch.map((u) => ({
    prompt: u.prompt,
    origin: origin(u),
    maxNewTokens: u.maxNewTokens,
    stop: u.stop,
    sampling: {
      temperature: generation.temperature,
      topP: generation.top_p,
      n: u.task.code ? generation.n : 1,
      seed: seedFrom(opts.seed, u.key),
    },
  })));
  return Promise.all(batch.map((u, i) => codeLimit(() => scoreUnit(u, opts.name, rendered.get(u.key)!, {
    generation: generated[i],
    scores: u.choice && scored.length ? scored[choice.indexOf(u)] : undefined,
  }))));
}

function origin(u: Unit) {
  return { task: u.task.id, item: u.sample.id, template: u.template.id };
}
