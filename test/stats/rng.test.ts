import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createRng, seedFrom } from '../../src/stats/index.js';

const draw = (seed: number | string, count = 8): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.nextUint32());
};

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw('task-a')).toEqual(draw('task-a'));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw('42')).not.toEqual(draw(42));
  });

  it('keeps next() in [0, 1) and int(n) in range, roughly uniform', () => {
    const rng = createRng('uniform');
    const counts = new Array<number>(10).fill(0);
    let low = 1;
    let high = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      low = Math.min(low, u);
      high = Math.max(high, u);
      const k = rng.int(10);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(100_000);
    const chiSquare = counts.reduce((acc, c) => acc + (c - 10_000) ** 2 / 10_000, 0);
    expect(chiSquare).toBeLessThan(27.9); // 9 df, p = 0.001
  });

  it('fillInts draws exactly what repeated int(n) draws', () => {
    const a = createRng(7);
    const b = createRng(7);
    const filled = new Uint32Array(1000);
    a.fillInts(filled, 37);
    expect(Array.from(filled)).toEqual(Array.from({ length: 1000 }, () => b.int(37)));
  });

  it('rejects impossible ranges and seeds with InputError', () => {
    expect(() => createRng(1).int(0)).toThrow(InputError);
    expect(() => createRng(1).int(2.5)).toThrow(InputError);
    expect(() => createRng(Number.NaN)).toThrow(InputError);
  });
});

describe('derive', () => {
  it('forks streams that do not depend on call order or on draws already made', () => {
    const first = createRng('bench');
    const x1 = first.derive('x');
    const y1 = first.derive('y');
    const second = createRng('bench');
    for (let i = 0; i < 100; i++) second.next();
    const y2 = second.derive('y');
    const x2 = second.derive('x');
    const take = (r: { nextUint32(): number }) => Array.from({ length: 5 }, () => r.nextUint32());
    expect(take(x1)).toEqual(take(x2));
    expect(take(y1)).toEqual(take(y2));
  });

  it('gives distinct streams for distinct labels and parents', () => {
    const root = createRng('bench');
    const a = root.derive('a').nextUint32();
    expect(root.derive('b').nextUint32()).not.toBe(a);
    expect(createRng('other').derive('a').nextUint32()).not.toBe(a);
    expect(root.derive('a').derive('b').nextUint32()).not.toBe(root.derive('ab').nextUint32());
  });
});

describe('seedFrom', () => {
  it('is deterministic, order-sensitive and never runs parts together', () => {
    expect(seedFrom(1234, 'squad', 'f1')).toBe(seedFrom(1234, 'squad', 'f1'));
    expect(seedFrom('a', 'b')).not.toBe(seedFrom('b', 'a'));
    expect(seedFrom('ab', 'c')).not.toBe(seedFrom('a', 'bc'));
    expect(seedFrom(1, 2)).not.toBe(seedFrom(12));
    const seed = seedFrom(1234, 'squad');
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });
});
