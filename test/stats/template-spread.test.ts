import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { templateSpread } from '../../src/stats/index.js';

const templates = (values: number[]) => values.map((value, i) => ({ id: `t${i}`, value }));

describe('templateSpread', () => {
  it('matches numpy quantiles on an even count', () => {
    // numpy.quantile([0.2, 0.5, 0.9, 0.4], [0.25, 0.5, 0.75]) → 0.35, 0.45, 0.6
    const s = templateSpread(templates([0.2, 0.5, 0.9, 0.4]));
    expect(s.q1).toBeCloseTo(0.35, 15);
    expect(s.median).toBeCloseTo(0.45, 15);
    expect(s.q3).toBeCloseTo(0.6, 15);
    expect(s.iqr).toBeCloseTo(0.25, 15);
    expect(s.mean).toBeCloseTo(0.5, 15);
    expect([s.min, s.max, s.count]).toEqual([0.2, 0.9, 4]);
    expect(s.best).toEqual({ id: 't2', value: 0.9 });
    expect(s.worst).toEqual({ id: 't0', value: 0.2 });
  });

  it('matches numpy quantiles on an odd count with ties', () => {
    // numpy.quantile([0.1, 0.7, 0.3, 0.3, 0.8], [0.25, 0.5, 0.75]) → 0.3, 0.3, 0.7
    const s = templateSpread(templates([0.1, 0.7, 0.3, 0.3, 0.8]));
    expect([s.q1, s.median, s.q3]).toEqual([0.3, 0.3, 0.7]);
    expect(s.mean).toBeCloseTo(0.44, 15);
  });

  it('interpolates between two templates and collapses to one', () => {
    // numpy.quantile([0.3, 0.6], [0.25, 0.5, 0.75]) → 0.375, 0.45, 0.525
    const two = templateSpread(templates([0.3, 0.6]));
    expect(two.q1).toBeCloseTo(0.375, 15);
    expect(two.median).toBeCloseTo(0.45, 15);
    expect(two.q3).toBeCloseTo(0.525, 15);
    const one = templateSpread([{ id: 'only', value: 0.42 }]);
    expect([one.q1, one.median, one.q3, one.iqr]).toEqual([0.42, 0.42, 0.42, 0]);
    expect(one.best).toEqual(one.worst);
  });

  it('flips best and worst for lower-is-better metrics and breaks ties by order', () => {
    const s = templateSpread(templates([0.5, 0.2, 0.5, 0.2]), { higherIsBetter: false });
    expect(s.best).toEqual({ id: 't1', value: 0.2 });
    expect(s.worst).toEqual({ id: 't0', value: 0.5 });
  });

  it('leaves out templates without a value and refuses an empty list', () => {
    const s = templateSpread(templates([0.4, Number.NaN, 0.6]));
    expect(s.count).toBe(2);
    expect(s.mean).toBeCloseTo(0.5, 15);
    expect(() => templateSpread([])).toThrow(InputError);
    expect(() => templateSpread(templates([Number.NaN]))).toThrow(InputError);
  });
});
