import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { bootstrapCI, createRng, meanReducer, pairedBootstrap, type Reducer } from '../../src/stats/index.js';
import { bernoulliPairs } from './simulate.js';

const { base, cand } = bernoulliPairs(createRng('paired-fixture'), 400, { bothRight: 0.5, broken: 0.05, fixed: 0.2 });

describe('pairedBootstrap', () => {
  it('reports baseline, candidate, delta and an interval around the delta', () => {
    const r = pairedBootstrap(base, cand, meanReducer, { seed: 1 });
    expect(r.n).toBe(400);
    expect(r.baseline).toBeCloseTo(meanReducer(base), 15);
    expect(r.candidate).toBeCloseTo(meanReducer(cand), 15);
    expect(r.delta).toBeCloseTo(r.candidate - r.baseline, 15);
    expect(r.ci[0]).toBeLessThan(r.delta);
    expect(r.ci[1]).toBeGreaterThan(r.delta);
    expect(r.pValue).toBeLessThan(0.01);
    expect(r.pValue).toBeGreaterThanOrEqual(1 / 1001);
  });

  it('is narrower than unpaired intervals when the models agree on most items', () => {
    const paired = pairedBootstrap(base, cand, meanReducer, { seed: 1 });
    const b = bootstrapCI(base, meanReducer, { seed: 2 });
    const c = bootstrapCI(cand, meanReducer, { seed: 3 });
    const unpairedHalfWidth = Math.hypot(b.ci[1] - b.ci[0], c.ci[1] - c.ci[0]) / 2;
    expect((paired.ci[1] - paired.ci[0]) / 2).toBeLessThan(unpairedHalfWidth);
  });

  it('resamples the same items for both models', () => {
    // Identical inputs: every resampled delta is exactly 0.
    const r = pairedBootstrap(base, base, meanReducer, { seed: 9 });
    expect(r.ci).toEqual([0, 0]);
    expect(r.pValue).toBe(1);
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = pairedBootstrap(base, cand, meanReducer, { seed: 'run-1' });
    expect(pairedBootstrap(base, cand, meanReducer, { seed: 'run-1' })).toEqual(a);
    expect(pairedBootstrap(base, cand, meanReducer, { seed: 'run-2' }).ci).not.toEqual(a.ci);
  });

  it('agrees between the mean fast path and a general reducer', () => {
    const plainMean: Reducer = (rows) => rows.reduce((acc, row) => acc + row[0]!, 0) / rows.length;
    const fast = pairedBootstrap(base, cand, meanReducer, { seed: 4, iterations: 300 });
    const general = pairedBootstrap(base, cand, plainMean, { seed: 4, iterations: 300 });
    expect(general.ci[0]).toBeCloseTo(fast.ci[0], 12);
    expect(general.ci[1]).toBeCloseTo(fast.ci[1], 12);
    expect(general.pValue).toBe(fast.pValue);
  });

  it('handles no items, one item, and mismatched lengths', () => {
    const empty = pairedBootstrap([], [], meanReducer, { seed: 1 });
    expect([empty.delta, empty.pValue, ...empty.ci].every(Number.isNaN)).toBe(true);
    expect(empty.n).toBe(0);
    const one = pairedBootstrap([[0]], [[1]], meanReducer, { seed: 1 });
    expect(one).toEqual({ baseline: 0, candidate: 1, delta: 1, ci: [1, 1], pValue: 1, n: 1 });
    expect(() => pairedBootstrap([[0], [1]], [[1]], meanReducer, { seed: 1 })).toThrow(InputError);
  });
});
