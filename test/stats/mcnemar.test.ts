import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { flipCounts, mcnemarPValue } from '../../src/stats/index.js';

/** Exact two-sided McNemar p by summing binomial coefficients in BigInt. */
function exactP(b: number, c: number): number {
  const total = b + c;
  const m = Math.min(b, c);
  let coef = 1n;
  let tail = 0n;
  for (let k = 0; k <= m; k++) {
    tail += coef;
    coef = (coef * BigInt(total - k)) / BigInt(k + 1);
  }
  const denom = 1n << BigInt(total);
  // Keep ~64 significant bits of tail / 2^total before converting.
  const shift = Math.max(0, denom.toString(2).length - tail.toString(2).length + 64);
  const scaled = (tail << BigInt(shift)) / denom;
  return Math.min(1, (2 * Number(scaled)) / 2 ** shift);
}

describe('mcnemarPValue', () => {
  it('equals the exact binomial p-value over a grid of discordant counts', () => {
    const counts = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];
    for (const b of counts) {
      for (const c of counts) {
        const expected = exactP(b, c);
        const got = mcnemarPValue(b, c);
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * expected);
      }
    }
  });

  it('stays exact for large counts (log space, no overflow)', () => {
    for (const [b, c] of [[5000, 5200], [2000, 2300], [700, 900], [300, 4000]] as const) {
      const expected = exactP(b, c);
      expect(Math.abs(mcnemarPValue(b, c) - expected)).toBeLessThanOrEqual(1e-9 * expected);
    }
    const huge = mcnemarPValue(1_000_000, 1_002_000);
    expect(huge).toBeGreaterThan(0.1);
    expect(huge).toBeLessThan(0.2);
    expect(mcnemarPValue(0, 5000)).toBe(0);
  });

  it('is symmetric, 1 without discordant items, and known for small cases', () => {
    expect(mcnemarPValue(0, 0)).toBe(1);
    expect(mcnemarPValue(7, 7)).toBe(1);
    expect(mcnemarPValue(3, 10)).toBe(mcnemarPValue(10, 3));
    expect(mcnemarPValue(0, 5)).toBeCloseTo(2 / 32, 15);
    expect(mcnemarPValue(1, 9)).toBeCloseTo((2 * 11) / 1024, 15);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarPValue(-1, 2)).toThrow(InputError);
    expect(() => mcnemarPValue(1.5, 2)).toThrow(InputError);
  });
});

describe('flipCounts', () => {
  it('counts fixed, broken and unchanged items by position', () => {
    expect(flipCounts([0, 0, 1, 1, 0, 1], [1, 0, 1, 0, 1, 1])).toEqual({ fixed: 2, broken: 1, bothRight: 2, bothWrong: 1 });
  });

  it('refuses mismatched or non-binary items', () => {
    expect(() => flipCounts([0, 1], [1])).toThrow(InputError);
    expect(() => flipCounts([0, 0.5], [1, 1])).toThrow(InputError);
  });
});
