import { describe, expect, it } from 'vitest';
import { getMetric, metricReducer } from '../../src/metrics/registry.js';
import { bootstrapCI, clusterReducer, createRng, pairedBootstrap, type Reducer } from '../../src/stats/index.js';

// The bootstrap sums a declared column mean directly; these check it gives the same floats, to the
// last bit, as calling the reducer on resampled rows (an undeclared copy of the same function).
const undeclared = (reduce: Reducer): Reducer => (stats) => reduce(stats);

function stats(n: number, width: number, seed: number): number[][] {
  const rng = createRng(seed);
  // thirds and sevenths round differently under another summation order
  return Array.from({ length: n }, () => Array.from({ length: width }, () => Math.floor(rng.next() * 1000) / 3 / 7));
}

describe('column-mean fast path', () => {
  const def = getMetric('rougeL');
  const metric = { reduce: metricReducer(def, {}) };

  it('a mean metric gives the same interval as its reducer on resampled rows', () => {
    const s = stats(37, 1, 1);
    const fast = bootstrapCI(s, metric.reduce, { seed: 9, iterations: 500 });
    const slow = bootstrapCI(s, undeclared(metric.reduce), { seed: 9, iterations: 500 });
    expect(fast).toEqual(slow);
  });

  it('a clustered mean (three templates side by side) matches cutting the rows apart', () => {
    const s = stats(29, 3, 2);
    const fast = bootstrapCI(s, clusterReducer(metric.reduce, 3), { seed: 4, iterations: 500 });
    const slow = bootstrapCI(s, clusterReducer(undeclared(metric.reduce), 3), { seed: 4, iterations: 500 });
    expect(fast).toEqual(slow);
    const base = stats(29, 6, 3);
    const cand = stats(29, 6, 5);
    const columnOne: Reducer = (rows) => rows.reduce((sum, r) => sum + r[1]!, 0) / rows.length;
    const pf = pairedBootstrap(base, cand, clusterReducer(metric.reduce, 3), { seed: 7, iterations: 400 });
    const ps = pairedBootstrap(base, cand, clusterReducer(undeclared(metric.reduce), 3), { seed: 7, iterations: 400 });
    expect(pf).toEqual(ps);
    // an undeclared reducer of another column is not mistaken for the declared one
    const other = pairedBootstrap(base, cand, clusterReducer(columnOne, 3), { seed: 7, iterations: 400 });
    expect(other.delta).not.toBe(pf.delta);
  });

  it('a clustered reducer that is no mean (macro F1) cuts items once and gives the same floats', () => {
    const f1 = metricReducer(getMetric('macro_f1'), {});
    const rng = createRng(11);
    const s = Array.from({ length: 31 }, () => [0, 1, 2].flatMap(() => [Math.floor(rng.next() * 3), Math.floor(rng.next() * 3)]));
    const clustered = clusterReducer(f1, 3);
    const fast = bootstrapCI(s, clustered, { seed: 5, iterations: 300 });
    const slow = bootstrapCI(s, undeclared(clustered), { seed: 5, iterations: 300 });
    expect(fast).toEqual(slow);
    expect(fast.ci[0]).toBeLessThan(fast.ci[1]);
  });

  it('a missing statistic falls back to the reducer, which decides what it means', () => {
    const s = stats(12, 1, 6);
    s[4] = [];
    const fast = bootstrapCI(s, metric.reduce, { seed: 3, iterations: 200 });
    const slow = bootstrapCI(s, undeclared(metric.reduce), { seed: 3, iterations: 200 });
    expect(fast).toEqual(slow);
    expect(Number.isFinite(fast.ci[0])).toBe(true);
  });
});
