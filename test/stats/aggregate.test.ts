import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  columnMean, createRng, macroBootstrap, meanReducer, pairedMacroBootstrap, type Reducer,
} from '../../src/stats/index.js';
import { bernoulliPairs, continuousPairs } from './simulate.js';

const ratio: Reducer = (rows) => rows.reduce((a, r) => a + r[0]!, 0) / rows.reduce((a, r) => a + r[1]!, 0);
const qa = bernoulliPairs(createRng('qa'), 300, { bothRight: 0.4, broken: 0.1, fixed: 0.2 });
const summ = continuousPairs(createRng('summ'), 60, 0.2);
const corpus = Array.from({ length: 80 }, (_, i) => [i % 4, 4]);

describe('macroBootstrap', () => {
  const tasks = [
    { id: 'qa', stats: qa.base, reduce: meanReducer },
    { id: 'summ', stats: summ.base, reduce: meanReducer },
    { id: 'corpus', stats: corpus, reduce: ratio },
  ];

  it('averages task values, not items, and brackets them', () => {
    const r = macroBootstrap(tasks, { seed: 1 });
    const expected = (meanReducer(qa.base) + meanReducer(summ.base) + ratio(corpus)) / 3;
    expect(r.value).toBeCloseTo(expected, 15);
    expect(r.n).toBe(440);
    expect(r.ci[0]).toBeLessThan(r.value);
    expect(r.ci[1]).toBeGreaterThan(r.value);
  });

  it('does not depend on the order tasks are listed in', () => {
    const a = macroBootstrap(tasks, { seed: 7 });
    const b = macroBootstrap([...tasks].reverse(), { seed: 7 });
    expect(b.value).toBeCloseTo(a.value, 15);
    expect(b.ci[0]).toBeCloseTo(a.ci[0], 15);
    expect(b.ci[1]).toBeCloseTo(a.ci[1], 15);
  });

  it('leaves out tasks without items and returns NaN when none have any', () => {
    const withEmpty = macroBootstrap([...tasks, { id: 'empty', stats: [], reduce: meanReducer }], { seed: 7 });
    expect(withEmpty).toEqual(macroBootstrap(tasks, { seed: 7 }));
    expect(macroBootstrap([], { seed: 1 }).value).toBeNaN();
  });

  it('refuses a task listed twice (it would share a random stream)', () => {
    expect(() => macroBootstrap([tasks[0]!, tasks[0]!], { seed: 1 })).toThrow(InputError);
  });
});

describe('pairedMacroBootstrap', () => {
  const tasks = [
    { id: 'qa', base: qa.base, cand: qa.cand, reduce: meanReducer },
    { id: 'summ', base: summ.base, cand: summ.cand, reduce: columnMean(0) },
  ];

  it('reports macro baseline, candidate and delta with a paired interval', () => {
    const r = pairedMacroBootstrap(tasks, { seed: 3 });
    const baseline = (meanReducer(qa.base) + meanReducer(summ.base)) / 2;
    const candidate = (meanReducer(qa.cand) + meanReducer(summ.cand)) / 2;
    expect(r.baseline).toBeCloseTo(baseline, 15);
    expect(r.candidate).toBeCloseTo(candidate, 15);
    expect(r.delta).toBeCloseTo(candidate - baseline, 15);
    expect(r.ci[0]).toBeLessThan(r.delta);
    expect(r.ci[1]).toBeGreaterThan(r.delta);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThanOrEqual(1);
    expect(pairedMacroBootstrap(tasks, { seed: 3 })).toEqual(r);
  });

  it('gives p = 1 and a zero interval when the models answer identically', () => {
    const same = tasks.map((t) => ({ ...t, cand: t.base }));
    const r = pairedMacroBootstrap(same, { seed: 3 });
    expect(r.ci).toEqual([0, 0]);
    expect(r.pValue).toBe(1);
  });

  it('names the task whose item counts differ', () => {
    const bad = [{ id: 'qa', base: [[1]], cand: [[1], [0]], reduce: meanReducer }];
    expect(() => pairedMacroBootstrap(bad, { seed: 1 })).toThrow(/task qa/);
    expect(() => pairedMacroBootstrap(bad, { seed: 1 })).toThrow(InputError);
  });
});
