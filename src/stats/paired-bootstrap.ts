import { InputError } from '../errors.js';
import type { Reducer } from './reducer.js';
import {
  makeEvaluator, percentileInterval, replicate, resolveOptions, shiftPValue,
  type BootstrapOptions, type Interval,
} from './resample.js';

/** A paired comparison: candidate − baseline on the same items. */
export interface PairedEstimate {
  baseline: number;
  candidate: number;
  delta: number;
  /** Percentile bootstrap interval of the delta. */
  ci: Interval;
  /** Two-sided p-value for H0 delta = 0 (shift method, see `shiftPValue`). */
  pValue: number;
  /** Items compared. */
  n: number;
}

export function emptyPairedEstimate(): PairedEstimate {
  const nan = Number.NaN;
  return { baseline: nan, candidate: nan, delta: nan, ci: [nan, nan], pValue: nan, n: 0 };
}

/**
 * Paired bootstrap of candidate − baseline. Items are matched by position;
 * each resample draws ONE set of item indices and reduces both models on it,
 * so the interval reflects the delta's own (usually much smaller) variance.
 * With one item there is no evidence either way: the p-value is 1.
 */
export function pairedBootstrap(
  baseStats: number[][],
  candStats: number[][],
  reduce: Reducer,
  opts: BootstrapOptions,
): PairedEstimate {
  if (baseStats.length !== candStats.length) {
    throw new InputError(`paired bootstrap: baseline has ${baseStats.length} items, candidate ${candStats.length}`, {
      hint: 'Both models must answer the same items in the same order.',
    });
  }
  const { rng, iterations, level } = resolveOptions(opts);
  const n = baseStats.length;
  if (n === 0) return emptyPairedEstimate();
  const baseline = reduce(baseStats);
  const candidate = reduce(candStats);
  const delta = candidate - baseline;
  if (n === 1) return { baseline, candidate, delta, ci: [delta, delta], pValue: 1, n };
  const [base, cand] = replicate(rng, n, [makeEvaluator(baseStats, reduce), makeEvaluator(candStats, reduce)], iterations);
  const deltas = cand!.map((c, b) => c - base![b]!);
  return { baseline, candidate, delta, ci: percentileInterval(deltas, level), pValue: shiftPValue(deltas, delta), n };
}
