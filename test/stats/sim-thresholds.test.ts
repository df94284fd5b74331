/** The simulations' trial counts and limits: the issue's at 1,000 trials, the same in standard errors at fewer. */
import { afterEach, describe, expect, it } from 'vitest';
import { simTrials, thresholds } from './simulate.js';

const saved = process.env.HELDOUT_SIM_TRIALS;
afterEach(() => {
  if (saved === undefined) delete process.env.HELDOUT_SIM_TRIALS;
  else process.env.HELDOUT_SIM_TRIALS = saved;
});

describe('simulation limits', () => {
  it('are the issue\'s at 1,000 trials: coverage 93–97%, type-I at most 6% and (two-sided p) at least 3%', () => {
    expect(thresholds(1000)).toEqual({ coverageMin: 0.93, coverageMax: 0.97, typeOneMax: 0.06, typeOneMin: 0.03 });
  });

  it('widen as 1/√trials at fewer trials, and narrow at more', () => {
    expect(thresholds(400)).toEqual({ coverageMin: 0.9184, coverageMax: 0.9816, typeOneMax: 0.0658, typeOneMin: 0.0184 });
    expect(thresholds(4000).coverageMin).toBe(0.94);
  });

  it('npm test runs the quick count; HELDOUT_SIM_TRIALS picks another (npm run sim: 1,000) and refuses nonsense', () => {
    delete process.env.HELDOUT_SIM_TRIALS;
    expect(simTrials(400)).toBe(400);
    process.env.HELDOUT_SIM_TRIALS = '1000';
    expect(simTrials(400)).toBe(1000);
    process.env.HELDOUT_SIM_TRIALS = '2500';
    expect(simTrials(400)).toBe(2500);
    process.env.HELDOUT_SIM_TRIALS = 'lots';
    expect(() => simTrials(400)).toThrow(/HELDOUT_SIM_TRIALS must be a whole number ≥ 100, got "lots"/);
  });
});
