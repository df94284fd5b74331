import { InputError } from '../errors.js';

/**
 * A metric over items, given as per-item sufficient statistics and a reducer,
 * because not every metric is a mean of item scores (corpus BLEU, macro-F1).
 * Reducers must be pure: the bootstrap passes them a reused array of rows.
 */
export type Reducer = (stats: number[][]) => number;

// Reducers known to be a mean of one column: the bootstrap sums that column directly instead of
// building resampled row arrays (also under a clusterReducer). The sum runs in the reducer's own
// order, so both paths give the same float.

/** A reducer, or a metric's reducer that also takes the metric's options. */
type AnyReducer = (stats: number[][], options: Record<string, unknown>) => number;

const meanColumns = new WeakMap<AnyReducer, number>();

/** The mean of column `column` of every item's stats (NaN with no items; an item without that number is an error). */
export function columnMean(column: number): Reducer {
  const reduce: Reducer = (stats) => {
    if (stats.length === 0) return Number.NaN;
    let sum = 0;
    for (const [i, row] of stats.entries()) {
      const v = row[column];
      if (typeof v !== 'number' || Number.isNaN(v)) throw new InputError(`item ${i} has no numeric statistic in column ${column}`);
      sum += v;
    }
    return sum / stats.length;
  };
  return declareColumnMean(reduce, column);
}

/**
 * Declare that `reduce`, on items whose `column` is a number, is that column's plain mean
 * (summed in item order, divided by the item count), so the bootstrap may take the fast path.
 */
export function declareColumnMean<R extends AnyReducer>(reduce: R, column: number): R {
  meanColumns.set(reduce, column);
  return reduce;
}

/** The mean of each item's first statistic: accuracy, EM, mean ROUGE… */
export const meanReducer: Reducer = columnMean(0);

/** The column a reducer averages, when it is a known column mean. */
export function meanColumnOf(reduce: AnyReducer): number | undefined {
  return meanColumns.get(reduce);
}

const clusters = new WeakMap<Reducer, { inner: Reducer; clusterSize: number }>();

/**
 * `reduce` over items that each hold `clusterSize` rows side by side (an item's stats under every
 * template, concatenated): the rows are cut apart again and reduced together.
 */
export function clusterReducer(reduce: Reducer, clusterSize: number): Reducer {
  const clustered: Reducer = (stats) => reduce(stats.flatMap((unit) => splitUnit(unit, clusterSize)));
  clusters.set(clustered, { inner: reduce, clusterSize });
  return clustered;
}

/** One item's stats cut back into its `clusterSize` rows (one per template). */
export function splitUnit(unit: number[], clusterSize: number): number[][] {
  const width = unit.length / clusterSize;
  const rows: number[][] = [];
  for (let k = 0; k < clusterSize; k++) rows.push(unit.slice(k * width, (k + 1) * width));
  return rows;
}

/** The reducer a clusterReducer wraps and its cluster size (the bootstrap cuts each item once, not per resample). */
export function clusterOf(reduce: Reducer): { inner: Reducer; clusterSize: number } | undefined {
  return clusters.get(reduce);
}
