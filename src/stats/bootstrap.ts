import { InputError } from '../errors.js';
import { normalQuantile } from './quantile.js';
import { meanColumnOf, type Reducer } from './reducer.js';
import {
  makeEvaluator, percentileInterval, replicate, resolveOptions,
  type BootstrapOptions, type Interval,
} from './resample.js';

/** A metric value with its interval: the shape every score is reported in. */
export interface Estimate {
  value: number;
  ci: Interval;
  /** Items the value was computed from. */
  n: number;
}

const NAN_INTERVAL: Interval = [Number.NaN, Number.NaN];

/**
 * Percentile bootstrap over items: resample items with replacement, reduce,
 * take the (1 − level)/2 and (1 + level)/2 quantiles of the replicates.
 */
export function bootstrapCI(stats: number[][], reduce: Reducer, opts: BootstrapOptions): Estimate {
  const { rng, iterations, level } = resolveOptions(opts);
  const n = stats.length;
  if (n === 0) return { value: Number.NaN, ci: [...NAN_INTERVAL], n };
  const value = reduce(stats);
  if (n === 1) return { value, ci: [value, value], n };
  const [replicates] = replicate(rng, n, [makeEvaluator(stats, reduce)], iterations);
  return { value, ci: percentileInterval(replicates!, level), n };
}

/** Wilson score interval for k successes in n trials. n = 0 → [NaN, NaN]. */
export function wilsonInterval(k: number, n: number, level = 0.95): Interval {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new InputError(`Wilson interval needs integers 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  }
  if (!(level > 0 && level < 1)) throw new InputError(`confidence level must be in (0, 1), got ${level}`);
  if (n === 0) return [...NAN_INTERVAL];
  const z = normalQuantile((1 + level) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
  const lo = k === 0 ? 0 : Math.max(0, centre - half);
  const hi = k === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}

export interface MetricIntervalOptions extends BootstrapOptions {
  /**
   * The reducer is a mean of 0/1 item scores (accuracy, exact match): use the
   * Wilson interval, which is exact-ish and needs no resampling.
   */
  binary?: boolean;
}

function countSuccesses(stats: number[][], column: number): number {
  let k = 0;
  stats.forEach((row, i) => {
    const v = row[column];
    if (v !== 0 && v !== 1) throw new InputError(`binary metric: item ${i} scored ${v}, expected 0 or 1`);
    k += v;
  });
  return k;
}

/** The interval a metric is reported with: Wilson for 0/1 means, bootstrap otherwise. */
export function metricInterval(stats: number[][], reduce: Reducer, opts: MetricIntervalOptions): Estimate {
  if (!opts.binary) return bootstrapCI(stats, reduce, opts);
  const n = stats.length;
  const k = countSuccesses(stats, meanColumnOf(reduce) ?? 0);
  if (n === 0) return { value: Number.NaN, ci: [...NAN_INTERVAL], n };
  return { value: k / n, ci: wilsonInterval(k, n, opts.level ?? 0.95), n };
}
