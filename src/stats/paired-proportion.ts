/**
 * An interval for the difference of two paired proportions that stays honest
 * when the bootstrap cannot: when every pair is the same (all fixed, all
 * right, all wrong), resampling gives an interval of width 0. Newcombe's
 * hybrid score interval (1998, method 10) combines each side's Wilson
 * interval with the pairs' correlation. Counts may be fractional (answers per
 * item averaged over templates), so Wilson is written here for real k.
 */
import { normalQuantile } from './quantile.js';
import type { Interval } from './resample.js';

/** The 2×2 table of paired 0/1 outcomes: both right, baseline only, candidate only, neither. */
export interface PairedTable {
  both: number;
  baseOnly: number;
  candOnly: number;
  neither: number;
}

function wilson(k: number, n: number, z: number): Interval {
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt(Math.max(0, p * (1 - p) / n + z2n / (4 * n)));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Interval of candidate − baseline (the share right) for paired 0/1 outcomes; [NaN, NaN] with no pairs. */
export function pairedProportionInterval(t: PairedTable, level = 0.95): Interval {
  const n = t.both + t.baseOnly + t.candOnly + t.neither;
  if (!(n > 0)) return [Number.NaN, Number.NaN];
  const z = normalQuantile((1 + level) / 2);
  const p1 = (t.both + t.baseOnly) / n;
  const p2 = (t.both + t.candOnly) / n;
  const [l1, u1] = wilson(t.both + t.baseOnly, n, z);
  const [l2, u2] = wilson(t.both + t.candOnly, n, z);
  const margins = (t.both + t.baseOnly) * (t.candOnly + t.neither) * (t.both + t.candOnly) * (t.baseOnly + t.neither);
  const phi = margins > 0 ? (t.both * t.neither - t.baseOnly * t.candOnly) / Math.sqrt(margins) : 0;
  const delta = p2 - p1;
  const below = Math.sqrt(Math.max(0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2));
  const above = Math.sqrt(Math.max(0, (u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2));
  return [Math.max(-1, delta - below), Math.min(1, delta + above)];
}

/** The paired table of two runs' 0/1 answers (rows = items, columns = templates), in item units; null if any value is not 0 or 1. */
export function pairedTableOf(base: number[][], cand: number[][]): PairedTable | null {
  const t: PairedTable = { both: 0, baseOnly: 0, candOnly: 0, neither: 0 };
  for (let i = 0; i < base.length; i++) {
    const b = base[i]!;
    const c = cand[i]!;
    if (b.length === 0 || b.length !== c.length) return null;
    for (let k = 0; k < b.length; k++) {
      const x = b[k];
      const y = c[k];
      if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) return null;
      const w = 1 / b.length;
      if (x === 1 && y === 1) t.both += w;
      else if (x === 1) t.baseOnly += w;
      else if (y === 1) t.candOnly += w;
      else t.neither += w;
    }
  }
  return t;
}
