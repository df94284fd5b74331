import { describe, expect, it } from 'vitest';
import { normalQuantile, quantileSorted } from '../../src/stats/index.js';

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054], [0.995, 2.5758293035489004], [0.95, 1.6448536269514722],
      [0.01, -2.3263478740408408], [1e-10, -6.361340902404056], [0.3, -0.5244005127080409], [0.5, 0],
    ];
    for (const [p, z] of cases) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-13);
  });

  it('is infinite at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly like numpy.quantile', () => {
    const sorted = [0.2, 0.4, 0.5, 0.9];
    expect(quantileSorted(sorted, 0.25)).toBeCloseTo(0.35, 15);
    expect(quantileSorted(sorted, 0.5)).toBeCloseTo(0.45, 15);
    expect(quantileSorted(sorted, 0.75)).toBeCloseTo(0.6, 15);
    expect(quantileSorted(sorted, 0)).toBe(0.2);
    expect(quantileSorted(sorted, 1)).toBe(0.9);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
