/**
 * The paired per-item data the claims are computed from, built from the two
 * RunResults (each item carries its answers under every template), and the
 * stratified paired bootstrap over tasks that turns them into one effect.
 */
import { getMetric, metricReducer } from '../metrics/registry.js';
import type { TaskResult } from '../runner/result-types.js';
import { clusterStats } from '../runner/results.js';
import { clusterReducer, meanReducer, pairedBootstrap, pairedMacroBootstrap, seedFrom, type PairedMacroTask } from '../stats/index.js';
import { pairedProportionInterval, pairedTableOf } from '../stats/paired-proportion.js';
import type { ClaimOptions, ClaimPart } from './claims-types.js';
import { align } from './compare.js';

/** One task's paired items for a claim: what the macro bootstrap resamples. */
export interface ClaimPiece extends PairedMacroTask {
  id: string;
  metric: string;
  /** Its values are 0/1 answers: a degenerate bootstrap falls back to the paired-proportion interval. */
  binary: boolean;
}

/** A metric's items as clusters of their template answers (as the task comparison pairs them). */
export function metricPiece(base: TaskResult, cand: TaskResult, metric: string): ClaimPiece | null {
  if (!base.stats[metric] || !cand.stats[metric]) return null;
  const a = align(base, cand, metric);
  if (a.items.length === 0 || a.templates.length === 0) return null;
  const def = getMetric(metric);
  const reduce = metricReducer(def, cand.options?.[metric] ?? {});
  return {
    id: base.id, metric, binary: def.binary,
    base: clusterStats(a.base, a.templates), cand: clusterStats(a.cand, a.templates),
    reduce: clusterReducer(reduce, a.templates.length),
  };
}

/**
 * Per item, the spread of its score across templates (max − min of the item's values; for a
 * 0/1 metric, 1 when the templates disagree and 0 when they all agree). Needs two templates.
 */
export function spreadPiece(base: TaskResult, cand: TaskResult, metric: string): ClaimPiece | null {
  if (!base.stats[metric] || !cand.stats[metric]) return null;
  const a = align(base, cand, metric);
  if (a.items.length === 0 || a.templates.length < 2) return null;
  const def = getMetric(metric);
  const spreads = (side: Record<string, number[][]>) => a.items.map((_, i) => [itemSpread(a.templates.map((t) => def.itemValue(side[t]![i]!)))]);
  return { id: base.id, metric, binary: def.binary, base: spreads(a.base), cand: spreads(a.cand), reduce: meanReducer };
}

export function itemSpread(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length < 2 ? 0 : Math.max(...finite) - Math.min(...finite);
}

export interface MacroEffect {
  baseline: number;
  candidate: number;
  effect: number;
  ci: [number, number];
  pValue: number;
  parts: ClaimPart[];
}

/**
 * One task's paired interval: the paired bootstrap, unless every item gave the same pair of
 * answers (an interval of width 0, which claims more precision than n items carry); then, for
 * 0/1 answers, Newcombe's paired-proportion interval over the items.
 */
function partOf(p: ClaimPiece, claim: string, opts: ClaimOptions): { part: ClaimPart; fellBack: boolean } {
  const one = pairedBootstrap(p.base, p.cand, p.reduce, { seed: seedFrom(opts.seed, 'claim', claim, p.id), iterations: opts.iterations });
  const table = p.binary && one.n > 1 && one.ci[0] === one.ci[1] ? pairedTableOf(p.base, p.cand) : null;
  const ci = table ? pairedProportionInterval(table) : one.ci;
  return { part: { task: p.id, metric: p.metric, baseline: one.baseline, candidate: one.candidate, delta: one.delta, ci, n: one.n }, fellBack: !!table };
}

/**
 * The macro mean over tasks of candidate − baseline with its stratified paired bootstrap
 * interval. When some task fell back to the paired-proportion interval, the macro interval
 * combines the tasks' half-widths instead (normal approximation, each side separately).
 */
export function macroEffect(pieces: ClaimPiece[], claim: string, opts: ClaimOptions): MacroEffect {
  const est = pairedMacroBootstrap(pieces, { seed: seedFrom(opts.seed, 'claim', claim), iterations: opts.iterations });
  const parts = pieces.map((p) => partOf(p, claim, opts));
  let ci = est.ci;
  if (parts.some((x) => x.fellBack)) ci = parts.length === 1 ? parts[0]!.part.ci : combinedInterval(parts.map((x) => x.part), est.delta);
  return { baseline: est.baseline, candidate: est.candidate, effect: est.delta, ci, pValue: est.pValue, parts: parts.map((x) => x.part) };
}

function combinedInterval(parts: ClaimPart[], delta: number): [number, number] {
  let below = 0;
  let above = 0;
  for (const p of parts) {
    below += (p.delta - p.ci[0]) ** 2;
    above += (p.ci[1] - p.delta) ** 2;
  }
  const t = parts.length;
  return [Math.max(-1, delta - Math.sqrt(below) / t), Math.min(1, delta + Math.sqrt(above) / t)];
}
