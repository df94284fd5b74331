import { InputError } from '../errors.js';
import { getMetric } from '../metrics/registry.js';
import { clusterReducer, clusterStats } from '../runner/results.js';
import type { MetricValue, RunResult, TaskResult } from '../runner/result-types.js';
import { flipCounts, mcnemarPValue, pairedBootstrap, seedFrom, type Reducer } from '../stats/index.js';
import { aggregate, type PrimaryPair } from './aggregate.js';
import { computeClaims } from './claims.js';
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
      if (!base.stats[metric]) continue;
      const { task, paired } = compareTaskMetric(base, cand, metric, seed, iterations);
      tasks.push(task);
      if (task.primary) primaries.push({ task, paired });
    }
  }
  if (tasks.length === 0) {
    throw new InputError(`the two runs share no task and metric (baseline ${baseline.model.name}, candidate ${candidate.model.name})`, {
      hint: 'compare results of the same benchmark',
    });
  }
  const agg = aggregate(primaries, { seed, iterations });
  const comparison: Comparison = { version: 1, benchmark: candidate.benchmark, baseline: baseline.model, candidate: candidate.model, seed, tasks, ...agg };
  if (opts.claims !== false) comparison.claims = computeClaims(baseline, candidate, comparison, { seed, iterations, knowledgeMargin: opts.knowledgeMargin });
  return comparison;
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
  const options = {};
  const reduce: Reducer = (s) => metric.reduce(s, options);
  const a = align(base, cand, name);
  const paired = { id: cand.id, base: clusterStats(a.base, a.templates), cand: clusterStats(a.cand, a.templates), reduce: clusterReducer(reduce, a.templates.length) };
  const whole = pairedDelta(paired.base, paired.cand, paired.reduce, seedFrom(seed, base.id, name), iterations);
  const templates: Record<string, PairedDelta> = {};
  for (const t of a.templates) templates[t] = pairedDelta(a.base[t]!, a.cand[t]!, reduce, seedFrom(seed, base.id, t, name), iterations);
  const out: TaskComparison = {
    task: cand.id, category: cand.category, family: cand.family, heldOut: cand.heldOut,
    metric: name, primary: name === cand.primary, binary: metric.binary, higherIsBetter: metric.higherIsBetter,
    ...whole, templates, spread: { baseline: base.spread[name]!, candidate: cand.spread[name]! },
  };
  // Each side's own interval, when the pairing kept every item of both runs.
  if (a.items.length === base.items.length && a.items.length === cand.items.length) {
    out.baseline = base.metrics[name] ?? out.baseline;
    out.candidate = cand.metrics[name] ?? out.candidate;
  }
  if (metric.binary) Object.assign(out, binaryFlips(a, metric.itemValue));
  return { task: out, paired };
}

function pairedDelta(base: number[][], cand: number[][], reduce: Reducer, seed: number, iterations: number): PairedDelta {
  const est = pairedBootstrap(base, cand, reduce, { seed, iterations });
  const mv = (value: number): MetricValue => ({ value, ci: [Number.NaN, Number.NaN], n: est.n });
  return { baseline: mv(est.baseline), candidate: mv(est.candidate), delta: est.delta, ci: est.ci, pValue: est.pValue };
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
