import { getMetric, metricReducer } from '../metrics/registry.js';
import { bootstrapCI, clusterReducer, metricInterval, seedFrom, templateSpread, wilsonInterval, type Reducer } from '../stats/index.js';
import type { SampleRecord } from './record.js';
import { taskStability } from './stability.js';
import type { MetricValue, ModelIdentity, RunResult, TaskResult } from './result-types.js';
import type { ShardSet, TaskManifest } from './manifest.js';

export interface BuildResultOptions {
  benchmark: string;
  model: ModelIdentity;
  seed: number;
  settings: Record<string, unknown>;
  iterations: number;
  /** The shards the results cover (absent or null: every item). */
  shards?: ShardSet | null;
  /** Requests planned per task id: results say how many of them had an answer. */
  planned?: Map<string, number>;
}

/** RunResult from sample records: the same records always give the same bytes. */
export function buildRunResult(tasks: TaskManifest[], records: Map<string, SampleRecord[]>, opts: BuildResultOptions): RunResult {
  return {
    version: 1,
    benchmark: opts.benchmark,
    model: opts.model,
    seed: opts.seed,
    settings: opts.settings,
    ...(opts.shards ? { shards: opts.shards } : {}),
    tasks: tasks.map((t) => buildTaskResult(t, records.get(t.id) ?? [], opts)),
  };
}

function buildTaskResult(task: TaskManifest, records: SampleRecord[], opts: BuildResultOptions): TaskResult {
  const templates = task.templates;
  const byUnit = new Map(records.map((r) => [`${r.template}\0${r.item}`, r]));
  const items = task.items.filter((id) => templates.every((t) => byUnit.has(`${t}\0${id}`)));
  const metrics = task.metrics.filter((m) => items.length > 0 && byUnit.get(`${templates[0]}\0${items[0]}`)?.stats[m.name]);
  const result: TaskResult = {
    id: task.id, category: task.category, family: task.family,
    heldOut: !opts.model.trainedFamilies.includes(task.family),
    primary: metrics[0]?.name ?? '', metrics: {}, templates: {}, spread: {},
    truncated: records.filter((r) => r.truncatedTokens > 0 && !r.stability).length, items, stats: {},
  };
  const stability = taskStability(task.items, records);
  if (stability) result.stability = stability;
  if (result.truncated > 0) Object.assign(result, truncation(records.filter((r) => !r.stability)));
  const unclosed = records.filter((r) => !r.stability && (r.unclosedThinking ?? 0) > 0).length;
  if (unclosed > 0) result.unclosedThinking = unclosed;
  const planned = opts.planned?.get(task.id);
  if (planned !== undefined) result.requests = { planned, answered: new Set(records.map((r) => r.key)).size };
  for (const spec of metrics) {
    const metric = getMetric(spec.name);
    const reduce = metricReducer(metric, spec.options ?? {});
    const perTemplate: Record<string, number[][]> = {};
    for (const t of templates) perTemplate[t] = items.map((id) => byUnit.get(`${t}\0${id}`)!.stats[spec.name] ?? []);
    result.stats[spec.name] = perTemplate;
    for (const t of templates) {
      const seed = seedFrom(opts.seed, task.id, t, spec.name);
      (result.templates[t] ??= {})[spec.name] = clean(metricInterval(perTemplate[t]!, reduce, { seed, iterations: opts.iterations, binary: metric.binary }));
    }
    result.metrics[spec.name] = clean(overallInterval(perTemplate, templates, reduce, seedFrom(opts.seed, task.id, spec.name), opts.iterations, metric.binary));
    if (Object.keys(spec.options ?? {}).length) (result.options ??= {})[spec.name] = spec.options;
    result.spread[spec.name] = templateSpread(templates.map((t) => ({ id: t, value: result.templates[t]![spec.name]!.value })), { higherIsBetter: metric.higherIsBetter });
  }
  return result;
}

/** How much was cut from the prompts that did not fit: the most tokens dropped from one, and answers cut per template. */
function truncation(records: SampleRecord[]): Pick<TaskResult, 'truncatedTokens' | 'truncatedTemplates'> {
  const templates: Record<string, number> = {};
  let most = 0;
  for (const r of records) {
    if (r.truncatedTokens <= 0) continue;
    templates[r.template] = (templates[r.template] ?? 0) + 1;
    most = Math.max(most, r.truncatedTokens);
  }
  return { truncatedTokens: most, truncatedTemplates: templates };
}

/** Items are the resampling unit: each carries its answers under every template. */
export function clusterStats(perTemplate: Record<string, number[][]>, templates: string[]): number[][] {
  const first = perTemplate[templates[0]!] ?? [];
  return first.map((_, i) => templates.flatMap((t) => perTemplate[t]![i]!));
}

/** A metric over all templates: items resampled as clusters; a degenerate 0/1 bootstrap falls back to Wilson. */
export function overallInterval(perTemplate: Record<string, number[][]>, templates: string[], reduce: Reducer, seed: number, iterations: number, binary: boolean): MetricValue {
  const est = bootstrapCI(clusterStats(perTemplate, templates), clusterReducer(reduce, templates.length), { seed, iterations });
  // Every answer right (or every one wrong) gives a bootstrap interval of width 0; a 0/1
  // metric then gets the Wilson interval over items, which stays honest about small n.
  if (binary && est.n > 0 && est.ci[0] === est.ci[1] && (est.value === 0 || est.value === 1)) {
    return { value: est.value, ci: wilsonInterval(Math.round(est.value * est.n), est.n), n: est.n };
  }
  return est;
}

/** Values rounded to 12 digits: the same records give the same bytes on every machine. */
export function clean(v: MetricValue): MetricValue {
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e12) / 1e12 : x);
  return { value: r(v.value), ci: [r(v.ci[0]), r(v.ci[1])], n: v.n };
}
