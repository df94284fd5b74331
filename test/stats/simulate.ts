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
