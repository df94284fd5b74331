/** Seeded synthetic paired data with a known true delta, for coverage tests. */
import { createRng, type Rng } from '../../src/stats/index.js';

export interface PairedSample {
  base: number[][];
  cand: number[][];
}

/** Joint law of (base, cand) 0/1 scores: P(1,1), P(1,0), P(0,1); P(0,0) is the rest. */
export interface BernoulliPairLaw {
  bothRight: number;
  broken: number;
  fixed: number;
}

export function bernoulliPairs(rng: Rng, n: number, law: BernoulliPairLaw): PairedSample {
  const base: number[][] = [];
  const cand: number[][] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const b = u < law.bothRight + law.broken ? 1 : 0;
    const c = u < law.bothRight || (u >= law.bothRight + law.broken && u < law.bothRight + law.broken + law.fixed) ? 1 : 0;
    base.push([b]);
    cand.push([c]);
  }
  return { base, cand };
}

/**
 * Skewed scores in [0, 1] that share an item difficulty d ~ U(0, 1):
 * base = d·U, cand = d·(lift + (1 − lift)·U'). E[base] = 1/4,
 * E[cand] = (1 + lift)/4, so the true delta is lift/4.
 */
export function continuousPairs(rng: Rng, n: number, lift: number): PairedSample {
  const base: number[][] = [];
  const cand: number[][] = [];
  for (let i = 0; i < n; i++) {
    const d = rng.next();
    base.push([d * rng.next()]);
    cand.push([d * (lift + (1 - lift) * rng.next())]);
  }
  return { base, cand };
}

export interface TrialSummary {
  coverage: number;
  rejections: number;
}

/** Run `trials` seeded trials; each returns whether its interval covered and whether p < 0.05. */
export function runTrials(
  trials: number,
  seed: string,
  trial: (rng: Rng, index: number) => { covered: boolean; rejected: boolean },
): TrialSummary {
  const root = createRng(seed);
  let covered = 0;
  let rejected = 0;
  for (let t = 0; t < trials; t++) {
    const result = trial(root.derive(t), t);
    if (result.covered) covered++;
    if (result.rejected) rejected++;
  }
  return { coverage: covered / trials, rejections: rejected / trials };
}

/**
 * How many trials the simulations of the shipped intervals run. `npm test` runs a smaller count to
 * stay fast; `npm run sim` (HELDOUT_SIM_TRIALS=1000) runs the 1,000 trials the thresholds
 * are stated for.
 */
export function simTrials(quick: number): number {
  const env = process.env.HELDOUT_SIM_TRIALS;
  if (!env) return quick;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 100) throw new Error(`HELDOUT_SIM_TRIALS must be a whole number ≥ 100, got "${env}"`);
  return n;
}

export interface SimThresholds {
  /** A 95% interval's coverage must lie in [coverageMin, coverageMax]. */
  coverageMin: number;
  coverageMax: number;
  /** "delivered" (or p < 0.05) under no true difference at most this often… */
  typeOneMax: number;
  /** …and, for a two-sided p < 0.05, at least this often (so a test that never rejects fails). */
  typeOneMin: number;
}

/**
 * The thresholds at 1,000 trials (coverage 93–97%, type-I ≤ 6%, p < 0.05 at least 3%), each
 * a distance from its nominal value (95%, 5%) that is held in Monte-Carlo standard errors at other
 * trial counts: the distance grows as √(1000 / trials). At 1,000 trials coverage 93–97% is ±2.9
 * standard errors of a 95% proportion; at 400 trials the same ±2.9 SE is 91.8–98.2%, type-I ≤ 6.6%.
 */
export function thresholds(trials: number): SimThresholds {
  const k = Math.sqrt(1000 / trials);
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    coverageMin: round(0.95 - 0.02 * k), coverageMax: round(0.95 + 0.02 * k),
    typeOneMax: round(0.05 + 0.01 * k), typeOneMin: round(Math.max(0, 0.05 - 0.02 * k)),
  };
}
