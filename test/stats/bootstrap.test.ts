import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { bootstrapCI, columnMean, meanReducer, metricInterval, wilsonInterval, type Reducer } from '../../src/stats/index.js';

const items = (values: number[]): number[][] => values.map((v) => [v]);
const scores = items(Array.from({ length: 300 }, (_, i) => ((i * 7919) % 101) / 100));
// The same mean as meanReducer, but unknown to the fast path.
const plainMean: Reducer = (stats) => stats.reduce((acc, row) => acc + row[0]!, 0) / stats.length;

describe('bootstrapCI', () => {
  it('brackets the value and is reproducible from the seed', () => {
    const a = bootstrapCI(scores, meanReducer, { seed: 'x' });
    expect(a.n).toBe(300);
    expect(a.value).toBeCloseTo(plainMean(scores), 12);
    expect(a.ci[0]).toBeLessThan(a.value);
    expect(a.ci[1]).toBeGreaterThan(a.value);
    expect(bootstrapCI(scores, meanReducer, { seed: 'x' })).toEqual(a);
    expect(bootstrapCI(scores, meanReducer, { seed: 'y' }).ci).not.toEqual(a.ci);
  });

  it('gives the same interval on the mean fast path as through a general reducer', () => {
    const fast = bootstrapCI(scores, meanReducer, { seed: 5, iterations: 400 });
    const general = bootstrapCI(scores, plainMean, { seed: 5, iterations: 400 });
    expect(general.ci[0]).toBeCloseTo(fast.ci[0], 12);
    expect(general.ci[1]).toBeCloseTo(fast.ci[1], 12);
  });

  it('handles non-mean reducers (a ratio of sums, as for corpus metrics)', () => {
    const stats = Array.from({ length: 200 }, (_, i) => [i % 3, 2 + (i % 5)]);
    const ratio: Reducer = (rows) => rows.reduce((a, r) => a + r[0]!, 0) / rows.reduce((a, r) => a + r[1]!, 0);
    const est = bootstrapCI(stats, ratio, { seed: 1 });
    expect(est.value).toBeCloseTo(ratio(stats), 15);
    expect(est.ci[0]).toBeLessThan(est.value);
    expect(est.ci[1]).toBeGreaterThan(est.value);
  });

  it('averages the column a columnMean reducer names', () => {
    const stats = [[0, 1], [1, 1], [0, 0], [1, 1]];
    expect(columnMean(1)(stats)).toBe(0.75);
    expect(bootstrapCI(stats, columnMean(1), { seed: 1 }).value).toBe(0.75);
  });

  it('returns NaN with no items and a point interval with one', () => {
    const empty = bootstrapCI([], meanReducer, { seed: 1 });
    expect(empty.value).toBeNaN();
    expect(empty.ci[0]).toBeNaN();
    expect(empty.ci[1]).toBeNaN();
    expect(bootstrapCI([[0.4]], meanReducer, { seed: 1 })).toEqual({ value: 0.4, ci: [0.4, 0.4], n: 1 });
  });

  it('narrows as the level drops and rejects bad options', () => {
    const wide = bootstrapCI(scores, meanReducer, { seed: 2, level: 0.99 });
    const narrow = bootstrapCI(scores, meanReducer, { seed: 2, level: 0.8 });
    expect(wide.ci[1] - wide.ci[0]).toBeGreaterThan(narrow.ci[1] - narrow.ci[0]);
    expect(() => bootstrapCI(scores, meanReducer, { seed: 1, iterations: 0 })).toThrow(InputError);
    expect(() => bootstrapCI(scores, meanReducer, { seed: 1, level: 1 })).toThrow(InputError);
    expect(() => bootstrapCI([[1], []], meanReducer, { seed: 1 })).toThrow(InputError);
  });

});

describe('wilsonInterval', () => {
  const z95 = 1.959963984540054; // scipy.stats.norm.ppf(0.975)

  it('solves the score equation (p̂ − p)² = z²·p(1 − p)/n at both bounds', () => {
    for (const [k, n] of [[60, 100], [1, 3], [37, 250], [199, 200]] as const) {
      for (const p of wilsonInterval(k, n)) {
        expect((k / n - p) ** 2).toBeCloseTo((z95 ** 2 * p * (1 - p)) / n, 10);
      }
    }
  });

  it('matches the published value for 60 of 100 (R prop.test, no correction)', () => {
    const [lo, hi] = wilsonInterval(60, 100);
    expect(lo).toBeCloseTo(0.502003, 5);
    expect(hi).toBeCloseTo(0.690599, 5);
  });

  it('pins the edges at 0 and 1 and returns NaN with no trials', () => {
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(0, 0).every(Number.isNaN)).toBe(true);
    expect(() => wilsonInterval(11, 10)).toThrow(InputError);
  });
});

describe('metricInterval', () => {
  it('uses Wilson for binary metrics and the bootstrap otherwise', () => {
    const binary = items([1, 0, 1, 1, 0, 1, 1, 1, 0, 1]);
    expect(metricInterval(binary, meanReducer, { binary: true, seed: 1 })).toEqual({
      value: 0.7, ci: wilsonInterval(7, 10), n: 10,
    });
    expect(metricInterval(scores, meanReducer, { seed: 3 })).toEqual(bootstrapCI(scores, meanReducer, { seed: 3 }));
  });

  it('refuses a binary metric whose items are not 0/1', () => {
    expect(() => metricInterval(items([1, 0.5]), meanReducer, { binary: true, seed: 1 })).toThrow(InputError);
  });
});
