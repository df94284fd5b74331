/**
 * The paired bootstrap's p-value by simulation: under a true null (equal
 * means), p < 0.05 must happen in at most ~6% of 2,000 seeded trials, and in
 * at least 3%, so a test that never rejects cannot pass either.
 */
import { describe, expect, it } from 'vitest';
import { meanReducer, pairedBootstrap, type Interval } from '../../src/stats/index.js';
import { bernoulliPairs, continuousPairs, runTrials, type BernoulliPairLaw } from './simulate.js';

const NULL_TRIALS = 2000;
const ITERATIONS = 500;
const N = 200;

const covers = (ci: Interval, truth: number): boolean => ci[0] <= truth && truth <= ci[1];
const report = (what: string, value: unknown): void => {
  if (process.env.HELDOUT_STATS_REPORT) console.error(what, value);
};

// P(base) = P(cand) = 0.65: true delta 0.
const UNCHANGED: BernoulliPairLaw = { bothRight: 0.5, broken: 0.15, fixed: 0.15 };

describe('paired bootstrap p-value under H0', () => {
  it('rejects a true null at 0.05 in at most ~6% of trials, and is not vacuous', () => {
    const bernoulli = runTrials(NULL_TRIALS, 'null-bernoulli', (rng, t) => {
      const { base, cand } = bernoulliPairs(rng, N, UNCHANGED);
      const r = pairedBootstrap(base, cand, meanReducer, { seed: `boot-${t}`, iterations: ITERATIONS });
      return { covered: covers(r.ci, 0), rejected: r.pValue < 0.05 };
    });
    const continuous = runTrials(NULL_TRIALS, 'null-continuous', (rng, t) => {
      const { base, cand } = continuousPairs(rng, N, 0);
      const r = pairedBootstrap(base, cand, meanReducer, { seed: `boot-${t}`, iterations: ITERATIONS });
      return { covered: covers(r.ci, 0), rejected: r.pValue < 0.05 };
    });
    report('type-I error', { bernoulli: bernoulli.rejections, continuous: continuous.rejections });
    for (const { rejections } of [bernoulli, continuous]) {
      expect(rejections).toBeLessThanOrEqual(0.06);
      expect(rejections).toBeGreaterThanOrEqual(0.03);
    }
  });

});
