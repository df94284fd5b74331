/**
 * Honest-statistics checks by simulation: on seeded synthetic data with a
 * known truth, 95% intervals must cover it in 93–97% of 1,000 trials (±3
 * Monte-Carlo standard errors around 95%). Seeds were fixed before looking.
 */
import { describe, expect, it } from 'vitest';
import {
  meanReducer, pairedBootstrap, pairedMacroBootstrap, wilsonInterval, type Interval,
} from '../../src/stats/index.js';
import { bernoulliPairs, continuousPairs, runTrials, type BernoulliPairLaw } from './simulate.js';

const TRIALS = 1000;
const ITERATIONS = 500; // bootstrap resamples per trial, for speed
const N = 200;

const covers = (ci: Interval, truth: number): boolean => ci[0] <= truth && truth <= ci[1];
const report = (what: string, value: unknown): void => {
  if (process.env.HELDOUT_STATS_REPORT) console.error(what, value);
};

// P(base) = 0.6, P(cand) = 0.7, correlated through bothRight: true delta 0.1.
const IMPROVED: BernoulliPairLaw = { bothRight: 0.5, broken: 0.1, fixed: 0.2 };

describe('paired bootstrap by simulation', () => {
  it('covers the true delta of correlated Bernoulli pairs 93–97% of the time', () => {
    const { coverage } = runTrials(TRIALS, 'coverage-bernoulli', (rng, t) => {
      const { base, cand } = bernoulliPairs(rng, N, IMPROVED);
      const r = pairedBootstrap(base, cand, meanReducer, { seed: `boot-${t}`, iterations: ITERATIONS });
      return { covered: covers(r.ci, 0.1), rejected: r.pValue < 0.05 };
    });
    report('bernoulli coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('covers the true delta of a skewed continuous metric 93–97% of the time', () => {
    const { coverage } = runTrials(TRIALS, 'coverage-continuous', (rng, t) => {
      const { base, cand } = continuousPairs(rng, N, 0.2); // true delta 0.05
      const r = pairedBootstrap(base, cand, meanReducer, { seed: `boot-${t}`, iterations: ITERATIONS });
      return { covered: covers(r.ci, 0.05), rejected: r.pValue < 0.05 };
    });
    report('continuous coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('covers the true macro delta with the stratified paired bootstrap', () => {
    const { coverage } = runTrials(TRIALS, 'coverage-macro', (rng, t) => {
      const qa = bernoulliPairs(rng.derive('qa'), 150, IMPROVED); // delta 0.1
      const summ = continuousPairs(rng.derive('summ'), 100, 0.2); // delta 0.05
      const r = pairedMacroBootstrap([
        { id: 'qa', base: qa.base, cand: qa.cand, reduce: meanReducer },
        { id: 'summ', base: summ.base, cand: summ.cand, reduce: meanReducer },
      ], { seed: `boot-${t}`, iterations: ITERATIONS });
      return { covered: covers(r.ci, 0.075), rejected: r.pValue < 0.05 };
    });
    report('macro coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });
});

/** Exact coverage of the Wilson interval at (n, p): sum of Bin(n, p) over covering k. */
function exactWilsonCoverage(n: number, p: number): number {
  let pmf = (1 - p) ** n;
  let coverage = 0;
  for (let k = 0; k <= n; k++) {
    if (covers(wilsonInterval(k, n), p)) coverage += pmf;
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return coverage;
}

describe('Wilson interval coverage', () => {
  it('covers a proportion 93–97% of the time, by simulation and exactly', () => {
    const { coverage } = runTrials(TRIALS, 'coverage-wilson', (rng) => {
      let k = 0;
      for (let i = 0; i < N; i++) if (rng.next() < 0.6) k++;
      return { covered: covers(wilsonInterval(k, N), 0.6), rejected: false };
    });
    const exact = exactWilsonCoverage(N, 0.6);
    report('wilson coverage', { simulated: coverage, exact });
    for (const c of [coverage, exact]) {
      expect(c).toBeGreaterThanOrEqual(0.93);
      expect(c).toBeLessThanOrEqual(0.97);
    }
  });
});
