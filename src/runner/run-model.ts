import pLimit from 'p-limit';
import type { GenerationSettings, ModelSpec, StabilitySettings } from '../config/benchmark-schema.js';
import { packRuns, runsOf } from '../models/pack.js';
import type { GenerateRequest, LoglikelihoodRequest, Model, ModelInfo } from '../models/types.js';
import { seedFrom } from '../stats/index.js';
import type { Task } from '../tasks/types.js';
import { AnswerCache } from './answer-cache.js';
import { fitsGeneration, fitsScores } from './cache-entry.js';
import { heldoutCacheDir } from './cache-dir.js';
import { CodeCache } from './code-cache.js';
import { planTask, type Unit } from './plan.js';
import type { SampleRecord } from './record.js';
import { appendRecords, readSampleLog, sampleLogPath } from './sample-log.js';
import { scoreUnit } from './score-unit.js';
import { thinkingToStrip } from './postprocess.js';
import { planStability, scoreStabilityUnit } from './stability-unit.js';

export interface ModelProgress {
  model: string;
  task: string;
  done: number;
  total: number;
  cached: number;
}

/** A model whose identity is known before its weights are loaded: a warm cache never loads them. */
export interface ModelHandle {
  info: ModelInfo;
  get(): Promise<Model>;
}

export interface RunModelOptions {
  name: string;
  spec: ModelSpec;
  model: ModelHandle;
  tasks: Task[];
  outDir: string;
  generation: GenerationSettings;
  seed: number;
  templates?: string[];
  cache: AnswerCache | null;
  /** Keep only these units (shards). */
  select?: (unit: Unit) => boolean;
  codeConcurrency?: number;
  onProgress?: (p: ModelProgress) => void;
  signal?: AbortSignal;
  /** Also ask each item K sampled answers on the first template (benchmark `stability:`). */
  stability?: StabilitySettings;
}

/** Every unit one model is asked in a run, per task (its shard's only, with `select`). */
export interface TaskPlan { task: Task; units: Unit[] }

export type PlanModelOptions = Pick<RunModelOptions, 'spec' | 'model' | 'tasks' | 'generation' | 'seed' | 'templates' | 'select' | 'stability'>;

export function planModel(opts: PlanModelOptions): TaskPlan[] {
  return opts.tasks.map((task) => {
    const units = planTask(task, planOptions(opts, task));
    const all = opts.stability ? [...units, ...planStability(units, opts.stability)] : units;
    return { task, units: all.filter(opts.select ?? (() => true)) };
  });
}

/** A planned unit, the sample log its record goes to, and whether that log holds it already. */
interface Planned { unit: Unit; file: string; answered: boolean }

/**
 * Ask one model every unit of every task that its sample log does not hold yet, as one list
 * across tasks and templates: longest prompts first, so batches of similar length waste the least
 * padding (the backend then packs each batch within its token budget). Batches are cut from the
 * whole plan, so a resumed run asks exactly the batches an uninterrupted one would (answers are
 * the same to the last digit): a batch a kill left half-recorded is asked again whole, and only
 * its missing records are appended. A killed run loses at most the batch in flight.
 */
export async function runModel(opts: RunModelOptions & { plans?: TaskPlan[] }): Promise<void> {
  const plans = opts.plans ?? planModel(opts);
  const total = plans.reduce((n, p) => n + p.units.length, 0);
  const limit = pLimit(opts.codeConcurrency ?? 2);
  const codeCache = new CodeCache(opts.cache ? heldoutCacheDir() : null);
  const runs = await requestList(opts, plans);
  const list = runs.flat();
  const progress = { done: list.filter((p) => p.answered).length, cached: 0 };
  const report = (task: string) => opts.onProgress?.({ model: opts.name, task, done: progress.done, total, cached: progress.cached });
  report(plans[0]?.task.id ?? '');
  // a run of prompts that start alike goes whole into the next batch when it would not fit what is left of this one
  for (const batch of packRuns(runs, () => 0, 0, opts.generation.batch_size)) {
    const missing = batch.filter((p) => !p.answered);
    if (missing.length === 0) continue;
    opts.signal?.throwIfAborted();
    const records = await askBatch(opts, batch.map((p) => p.unit), limit, progress, codeCache);
    for (const file of new Set(missing.map((p) => p.file))) {
      await appendRecords(file, records.filter((_, k) => !batch[k]!.answered && batch[k]!.file === file));
    }
    progress.done += missing.length;
    report(batch.at(-1)!.unit.task.id);
  }
}

/**
 * Every planned unit, longest prompt first (ties keep the plan's order), marked when its log
 * holds it. Units whose prompts start alike (the k-shot exemplars of one template, a long shared
 * instruction) stay next to each other, so one batch holds them and the model reads their shared
 * prefix once; each such run comes where its longest prompt would.
 */
async function requestList(opts: RunModelOptions, plans: TaskPlan[]): Promise<Planned[][]> {
  const list: Planned[] = [];
  for (const { task, units } of plans) {
    const file = sampleLogPath(opts.outDir, opts.name, task.id);
    const existing = await readSampleLog(file);
    list.push(...units.map((unit) => ({ unit, file, answered: existing.has(unit.key) })));
  }
  const size = new Map(list.map((p) => [p, JSON.stringify(p.unit.prompt).length]));
  list.sort((a, b) => size.get(b)! - size.get(a)!);
  return runsOf(list, (p) => promptStart(p.unit.prompt));
}

/** The first characters of a prompt as the model will see them: prompts that share them likely share a prefix. */
export function promptStart(prompt: Unit['prompt']): string {
  const text = prompt.kind === 'text' ? prompt.text : JSON.stringify(prompt.messages);
  return text.length > PROMPT_START ? text.slice(0, PROMPT_START) : `#${text}`;
}

/** Characters that make prompts "start alike": about the 16 tokens prefill's sharing needs. */
const PROMPT_START = 64;

function planOptions(opts: PlanModelOptions, task: Task) {
  const { temperature, top_p, n, max_new_tokens } = opts.generation;
  const samples = task.code ? n : 1;
  return {
    model: opts.spec,
    seed: opts.seed,
    fingerprint: opts.model.info.fingerprint,
    templates: opts.templates,
    settings: { temperature, top_p, n: samples, seed: temperature > 0 ? opts.seed : null },
    maxNewTokens: max_new_tokens,
    thinking: thinkingToStrip(opts.spec, opts.model.info),
  };
}

async function askBatch(
  opts: RunModelOptions, batch: Unit[], limit: ReturnType<typeof pLimit>, progress: { cached: number }, codeCache: CodeCache,
): Promise<SampleRecord[]> {
  const { generation } = opts;
  const choice = batch.filter((u) => u.choice && !u.stability);
  const scoreRequests: LoglikelihoodRequest[] = opts.model.info.canScore
    ? choice.map((u) => ({ context: u.prompt, fewshot: u.fewshot, continuations: u.choice!.continuations, origin: origin(u) }))
    : [];
  const genRequests: GenerateRequest[] = batch.map((u) => ({
    prompt: u.prompt,
    fewshot: u.fewshot,
    origin: origin(u),
    maxNewTokens: u.maxNewTokens,
    stop: u.stop,
    sampling: u.stability
      ? { temperature: u.stability.temperature, topP: generation.top_p, n: u.stability.samples, seed: seedFrom(opts.seed, u.key) }
      : { temperature: generation.temperature, topP: generation.top_p, n: u.task.code ? generation.n : 1, seed: seedFrom(opts.seed, u.key) },
    ...(u.thinking ? { thinking: u.thinking } : {}),
  }));
  const asked = await askCached(opts, genRequests, scoreRequests);
  progress.cached += asked.hits;
  const scored = new Map(choice.map((u, i) => [u.key, asked.scores[i]]));
  return Promise.all(batch.map((u, i) => limit(() => u.stability ? scoreStabilityUnit(u, opts.name, asked.rendered[i]!, asked.generations[i]!) : scoreUnit(u, opts.name, asked.rendered[i]!, {
    generation: asked.generations[i],
    scores: scored.get(u.key),
  }, codeCache))));
}

/** Answers from the cache where it has them; the model (loaded only now) for the rest. */
async function askCached(opts: RunModelOptions, gen: GenerateRequest[], score: LoglikelihoodRequest[]) {
  const cache = opts.cache;
  const gKeys = gen.map(AnswerCache.generateKey);
  const lKeys = score.map(AnswerCache.loglikelihoodKey);
  const generations = gKeys.map((k, i) => fitsGeneration(cache?.getGenerate(k), gen[i]!.sampling.n));
  const scores = lKeys.map((k, i) => fitsScores(cache?.getLoglikelihood(k), score[i]!.continuations.length));
  const rendered = gKeys.map((k) => cache?.getRendered(k));
  const gMiss = generations.flatMap((g, i) => (g && rendered[i] !== undefined ? [] : [i]));
  const lMiss = scores.flatMap((s, i) => (s ? [] : [i]));
  if (gMiss.length || lMiss.length) {
    const model = await opts.model.get();
    const lOut = lMiss.length ? await model.loglikelihood(lMiss.map((i) => score[i]!)) : [];
    const gOut = gMiss.length ? await model.generate(gMiss.map((i) => gen[i]!)) : [];
    lMiss.forEach((i, j) => { scores[i] = lOut[j]; });
    gMiss.forEach((i, j) => { generations[i] = gOut[j]; rendered[i] = model.renderPrompt(gen[i]!.prompt); });
    await cache?.put([
      ...lMiss.map((i) => ({ key: lKeys[i]!, value: { l: scores[i]! } })),
      ...gMiss.map((i) => ({ key: gKeys[i]!, value: { g: generations[i]!, r: rendered[i]! } })),
    ]);
  }
  const hits = gen.length - gMiss.length;
  return { generations, scores, rendered: rendered as string[], hits };
}

function origin(u: Unit) {
  return { task: u.task.id, item: u.sample.id, template: u.template.id };
}
