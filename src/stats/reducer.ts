/**
 * A metric over items, given as per-item sufficient statistics and a reducer,
 * because not every metric is a mean of item scores (corpus BLEU, macro-F1).
 * Reducers must be pure: the bootstrap passes them a reused array of rows.
 */
export type Reducer = (stats: number[][]) => number;

// Reducers known to be a mean of one column; the bootstrap sums that column
// directly instead of building resampled row arrays.
const meanColumns = new WeakMap<Reducer, number>();

/** The mean of column `column` of every item's stats (NaN with no items). */
export function columnMean(column: number): Reducer {
  const reduce: Reducer = (stats) => {
    if (stats.length === 0) return Number.NaN;
    let sum = 0;
    for (const row of stats) sum += row[column] ?? Number.NaN;
    return sum / stats.length;
  };
  meanColumns.set(reduce, column);
  return reduce;
}

/** The mean of each item's first statistic: accuracy, EM, mean ROUGE… */
export const meanReducer: Reducer = columnMean(0);

/** The column a reducer averages, when it is a known column mean. */
export function meanColumnOf(reduce: Reducer): number | undefined {
  return meanColumns.get(reduce);
}
