import { InputError } from '../errors.js';
import { getMetric, metricReducer } from '../metrics/registry.js';
import { clean, clusterStats, overallInterval } from '../runner/results.js';
import type { MetricValue, RunResult, TaskResult } from '../runner/result-types.js';
import { clusterReducer, flipCounts, mcnemarPValue, metricInterval, pairedBootstrap, seedFrom, type Reducer } from '../stats/index.js';
import { aggregate, type PrimaryPair } from './aggregate.js';
import { computeClaims } from './claims.js';
import { describePairing } from './pairing.js';
import type { Comparison, FlipExample, PairedDelta, TaskComparison } from './types.js';

export interface CompareOptions {
  seed?: number;
  iterations?: number;
  /** The claims scorecard (default on): knowledge_retained's non-inferiority margin. */
  claims?: boolean;
  knowledgeMargin?: number;
}

/** Pair two runs item by item: the baseline (e.g. base) and the candidate (e.g. tuned). */
export function compareRuns(baseline: RunResult, candidate: RunResult, opts: CompareOptions = {}): Comparison {
  const seed = opts.seed ?? candidate.seed;
  const iterations = opts.iterations ?? 1000;
  const tasks: TaskComparison[] = [];
  const primaries: PrimaryPair[] = [];
  for (const cand of candidate.tasks) {
    const base = baseline.tasks.find((t) => t.id === cand.id);
    if (!base) continue;
    for (const metric of Object.keys(cand.metrics)) {
      if (!base.stats[metric] || !sameOptions(base, cand, metric) || !sharesItems(base, cand)) continue;
      const { task, paired } = compareTaskMetric(base, cand, metric, seed, iterations);
      tasks.push(task);
      if (task.primary) primaries.push({ task, paired });
    }
  }
  if (tasks.length === 0) {
    throw new InputError(`the two runs share no task and metric with items in common (baseline ${baseline.model.name}, candidate ${candidate.model.name})`, {
      hint: 'compare results of the same benchmark, run on the same items',
    });
  }
  const agg = aggregate(primaries, { seed, iterations });
  const pairing = describePairing(baseline, candidate);
  for (const cand of candidate.tasks) {
    const base = baseline.tasks.find((t) => t.id === cand.id);
    for (const m of Object.keys(cand.metrics)) if (base?.stats[m] && !sameOptions(base, cand, m)) pairing.reasons.push(`${cand.id} ${m}: scored with other options on each side, not compared`);
  }
  pairing.partial = pairing.reasons.length > 0;
  const comparison: Comparison = { version: 1, benchmark: candidate.benchmark, baseline: baseline.model, candidate: candidate.model, seed, tasks, ...agg, pairing };
  if (opts.claims !== false) comparison.claims = computeClaims(baseline, candidate, comparison, { seed, iterations, knowledgeMargin: opts.knowledgeMargin });
  return comparison;
}

/** A metric scored with different options on each side (e.g. ROUGE with and without stemming) is two metrics. */
function sameOptions(base: TaskResult, cand: TaskResult, metric: string): boolean {
  return JSON.stringify(base.options?.[metric] ?? {}) === JSON.stringify(cand.options?.[metric] ?? {});
}

function sharesItems(base: TaskResult, cand: TaskResult): boolean {
  const items = new Set(cand.items);
  return base.items.some((id) => items.has(id));
}

export interface Aligned {
  templates: string[];
  base: Record<string, number[][]>;
  cand: Record<string, number[][]>;
  items: string[];
}

/** The items and templates both runs answered, in the baseline's order. */
export function align(base: TaskResult, cand: TaskResult, metric: string): Aligned {
  const templates = Object.keys(base.stats[metric]!).filter((t) => cand.stats[metric]?.[t]);
  const candIndex = new Map(cand.items.map((id, i) => [id, i]));
  const items = base.items.filter((id) => candIndex.has(id));
  const pick = (r: TaskResult, index: (id: string) => number) => Object.fromEntries(templates.map((t) => [t, items.map((id) => r.stats[metric]![t]![index(id)]!)]));
  const baseIndex = new Map(base.items.map((id, i) => [id, i]));
  return { templates, items, base: pick(base, (id) => baseIndex.get(id)!), cand: pick(cand, (id) => candIndex.get(id)!) };
}

/** A task's paired comparison on one metric, and the item clusters it was computed from (for the aggregates). */
function compareTaskMetric(base: TaskResult, cand: TaskResult, name: string, seed: number, iterations: number): PrimaryPair {
  const metric = getMetric(name);
  const options = cand.options?.[name] ?? {};
  const reduce = metricReducer(metric, options);
  const a = align(base, cand, name);
  const paired = { id: cand.id, base: clusterStats(a.base, a.templates), cand: clusterStats(a.cand, a.templates), reduce: clusterReducer(reduce, a.templates.length) };
  const side = (r: TaskResult, stats: Aligned['base'], template?: string) => sideValue(r, stats, a, name, { reduce, binary: metric.binary, seed, iterations, template });
  const whole = { ...pairedDelta(paired.base, paired.cand, paired.reduce, seedFrom(seed, base.id, name), iterations), baseline: side(base, a.base), candidate: side(cand, a.cand) };
  const templates: Record<string, PairedDelta> = {};
  for (const t of a.templates) {
    templates[t] = { ...pairedDelta(a.base[t]!, a.cand[t]!, reduce, seedFrom(seed, base.id, t, name), iterations), baseline: side(base, a.base, t), candidate: side(cand, a.cand, t) };
  }
  const out: TaskComparison = {
    task: cand.id, category: cand.category, family: cand.family, heldOut: cand.heldOut,
    metric: name, primary: name === cand.primary, binary: metric.binary, higherIsBetter: metric.higherIsBetter,
    ...whole, templates, spread: { baseline: base.spread[name]!, candidate: cand.spread[name]! },
  };
  if (metric.binary) Object.assign(out, binaryFlips(a, metric.itemValue));
  return { task: out, paired };
}

interface SideOptions { reduce: Reducer; binary: boolean; seed: number; iterations: number; template?: string }

/**
 * One side's value and interval over the paired items: the run's own numbers when every item and
 * template of that side was paired, else the same interval computed on the paired items.
 */
function sideValue(r: TaskResult, stats: Aligned['base'], a: Aligned, name: string, o: SideOptions): MetricValue {
  const whole = a.items.length === r.items.length && a.templates.length === Object.keys(r.stats[name] ?? {}).length;
  const own = o.template ? r.templates[o.template]?.[name] : r.metrics[name];
  if (whole && own) return own;
  if (o.template) return clean(metricInterval(stats[o.template]!, o.reduce, { seed: seedFrom(o.seed, r.id, o.template, name), iterations: o.iterations, binary: o.binary }));
  return clean(overallInterval(stats, a.templates, o.reduce, seedFrom(o.seed, r.id, name), o.iterations, o.binary));
}

function pairedDelta(base: number[][], cand: number[][], reduce: Reducer, seed: number, iterations: number): Omit<PairedDelta, 'baseline' | 'candidate'> {
  const est = pairedBootstrap(base, cand, reduce, { seed, iterations });
  return { delta: est.delta, ci: est.ci, pValue: est.pValue };
}

function binaryFlips(a: Aligned, value: (stats: number[]) => number) {
  const fixedEx: FlipExample[] = [];
  const brokenEx: FlipExample[] = [];
  let fixed = 0;
  let broken = 0;
  for (const t of a.templates) {
    const bv = a.base[t]!.map(value);
    const cv = a.cand[t]!.map(value);
    const flips = flipCounts(bv, cv);
    fixed += flips.fixed;
    broken += flips.broken;
    bv.forEach((b, i) => {
      if (b === 0 && cv[i] === 1 && fixedEx.length < 3) fixedEx.push({ item: a.items[i]!, template: t });
      if (b === 1 && cv[i] === 0 && brokenEx.length < 3) brokenEx.push({ item: a.items[i]!, template: t });
    });
  }
  return { fixed, broken, mcnemarP: mcnemarPValue(fixed, broken), examples: { fixed: fixedEx, broken: brokenEx } };
}
