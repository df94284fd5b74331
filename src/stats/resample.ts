/**
 * The shared machinery of every bootstrap here: options, resampled index
 * draws, per-resample evaluation of a reducer, percentile intervals and the
 * two-sided shift p-value. Internal to `src/stats`.
 */
import { InputError } from '../errors.js';
import { quantileSorted } from './quantile.js';
import { clusterOf, meanColumnOf, splitUnit, type Reducer } from './reducer.js';
import { createRng, type Rng, type Seed } from './rng.js';

export type Interval = [number, number];

export interface BootstrapOptions {
  /** All randomness comes from this seed; equal seeds give equal results. */
  seed: Seed;
  /** Bootstrap resamples (default 1000). */
  iterations?: number;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
}

export interface ResolvedOptions {
  rng: Rng;
  iterations: number;
  level: number;
}

export function resolveOptions(opts: BootstrapOptions): ResolvedOptions {
  const iterations = opts.iterations ?? 1000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new InputError(`bootstrap iterations must be a positive integer, got ${iterations}`);
  }
  if (!(level > 0 && level < 1)) throw new InputError(`confidence level must be in (0, 1), got ${level}`);
  return { rng: createRng(opts.seed), iterations, level };
}

/** The metric's value on the items picked by `idx` (with repetition). */
export type Evaluator = (idx: Uint32Array) => number;

/**
 * Fast path for (clustered) column means: the column's values in one typed array, summed in the
 * order the reducer itself would sum them. Undefined when some value is not a number, so the
 * reducer's own rule for it applies.
 */
function meanEvaluator(stats: number[][], column: number, clusterSize: number): Evaluator | undefined {
  const n = stats.length;
  const values = new Float64Array(n * clusterSize);
  for (let i = 0; i < n; i++) {
    const row = stats[i]!;
    const width = row.length / clusterSize;
    if (!Number.isInteger(width) || column >= width) return undefined;
    for (let k = 0; k < clusterSize; k++) {
      const v = row[k * width + column];
      if (typeof v !== 'number') return undefined;
      values[i * clusterSize + k] = v;
    }
  }
  return (idx) => {
    let sum = 0;
    for (let i = 0; i < idx.length; i++) {
      const at = idx[i]! * clusterSize;
      for (let k = 0; k < clusterSize; k++) sum += values[at + k]!;
    }
    return sum / (idx.length * clusterSize);
  };
}

export function makeEvaluator(stats: number[][], reduce: Reducer): Evaluator {
  const cluster = clusterOf(reduce);
  const inner = cluster?.inner ?? reduce;
  const clusterSize = cluster?.clusterSize ?? 1;
  const column = meanColumnOf(inner);
  const fast = column === undefined ? undefined : meanEvaluator(stats, column, clusterSize);
  if (fast) return fast;
  if (cluster) {
    // the same rows, in the same order, as the clustered reducer builds: cut once, not per resample
    const split = stats.map((unit) => splitUnit(unit, clusterSize));
    const clusterRows: number[][] = new Array<number[]>(stats.length * clusterSize);
    return (idx) => {
      let j = 0;
      for (let i = 0; i < idx.length; i++) for (const row of split[idx[i]!]!) clusterRows[j++] = row;
      return inner(clusterRows);
    };
  }
  const rows: number[][] = new Array<number[]>(stats.length);
  return (idx) => {
    for (let i = 0; i < idx.length; i++) rows[i] = stats[idx[i]!]!;
    return reduce(rows);
  };
}

/**
 * Replicate values of several evaluators on the SAME resamples: result[e][b]
 * is evaluator e on resample b. Pairing comes from sharing `idx`.
 */
export function replicate(rng: Rng, n: number, evaluators: Evaluator[], iterations: number): Float64Array[] {
  const out = evaluators.map(() => new Float64Array(iterations));
  const idx = new Uint32Array(n);
  for (let b = 0; b < iterations; b++) {
    rng.fillInts(idx, n);
    for (let e = 0; e < evaluators.length; e++) out[e]![b] = evaluators[e]!(idx);
  }
  return out;
}

function finiteSorted(values: Float64Array): Float64Array {
  return values.filter((v) => Number.isFinite(v)).sort();
}

/**
 * Percentile interval of replicate values. Non-finite replicates (a reducer
 * undefined on some resample) are dropped; none left → [NaN, NaN].
 */
export function percentileInterval(replicates: Float64Array, level: number): Interval {
  const sorted = finiteSorted(replicates);
  if (sorted.length === 0) return [Number.NaN, Number.NaN];
  const alpha = (1 - level) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

/**
 * Two-sided bootstrap p-value for H0: delta = 0 by the shift method: centred
 * at the observed delta, the resampled deltas approximate the null
 * distribution of the estimate, so p = (1 + #{|δ* − δ| ≥ |δ|}) / (1 + B).
 * The +1 keeps the test's size at or below its level and p ≥ 1/(B + 1).
 */
export function shiftPValue(deltas: Float64Array, observed: number): number {
  if (!Number.isFinite(observed)) return Number.NaN;
  const threshold = Math.abs(observed);
  let extreme = 0;
  let used = 0;
  for (const d of deltas) {
    if (!Number.isFinite(d)) continue;
    used++;
    if (Math.abs(d - observed) >= threshold) extreme++;
  }
  return used === 0 ? Number.NaN : Math.min(1, (1 + extreme) / (1 + used));
}
