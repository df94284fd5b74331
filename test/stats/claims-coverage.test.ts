/**
 * The prompt-sensitivity and stability claims by simulation, through the code that ships
 * (spreadPiece + macroEffect, stabilityClaim): over 1,000 seeded trials their 95% intervals
 * must cover the true difference 93–97% of the time, and with no true difference they may call
 * the claim "delivered" at most 6% of the time. Seeds were fixed before looking.
 */
import { describe, expect, it } from 'vitest';
import { macroEffect, spreadPiece } from '../../src/compare/claim-pieces.js';
import { verdictOf } from '../../src/compare/claim-verdict.js';
import { stabilityClaim } from '../../src/compare/stability-claim.js';
import type { Interval, Rng } from '../../src/stats/index.js';
import {
  binarySpread, binaryTemplates, continuousSpread, continuousTemplates, expectedAgreement, run, stabilityOf, task,
} from './claims-simulate.js';
import { runTrials } from './simulate.js';

const TRIALS = 1000;
const OPTS = (t: number) => ({ seed: `claim-${t}`, iterations: 500 });
const covers = (ci: Interval | null, truth: number) => !!ci && ci[0] <= truth && truth <= ci[1];
const report = (what: string, value: unknown) => { if (process.env.HELDOUT_STATS_REPORT) console.error(what, value); };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Each trial draws its items from a population, as a benchmark's items are: a 0/1 task of 150
// items with difficulty p from five levels, a continuous task of 100 with difficulty d ~ U(0.3, 0.7).
const LEVELS = [0.1, 0.3, 0.5, 0.7, 0.9];
const drawP = (rng: Rng) => Array.from({ length: 150 }, () => LEVELS[Math.floor(rng.next() * LEVELS.length)]!);
const drawD = (rng: Rng) => Array.from({ length: 100 }, () => 0.3 + 0.4 * rng.next());

/** Tuned is more accurate on the 0/1 task (p + 0.3, capped) and less noisy across templates on the continuous one. */
const lift = (p: number) => Math.min(0.98, p + 0.3);
const SENSITIVITY_TRUTH = (mean(LEVELS.map((p) => binarySpread(lift(p)) - binarySpread(p))) + (continuousSpread(0.2) - continuousSpread(0.3))) / 2;

function sensitivityTrial(rng: Rng, t: number, tuned: { p: (p: number) => number; a: number }) {
  const P = drawP(rng.derive('items-p'));
  const D = drawD(rng.derive('items-d'));
  const base = [task('yes-no', 'exact_match', binaryTemplates(rng.derive('b1'), P)), task('summary', 'rougeL', continuousTemplates(rng.derive('b2'), D, 0.3))];
  const cand = [task('yes-no', 'exact_match', binaryTemplates(rng.derive('c1'), P.map(tuned.p))), task('summary', 'rougeL', continuousTemplates(rng.derive('c2'), D, tuned.a))];
  const pieces = base.map((b, i) => spreadPiece(b, cand[i]!, b.primary)!);
  const m = macroEffect(pieces, 'prompt_sensitivity', OPTS(t));
  return { ci: m.ci, verdict: verdictOf(m.ci, 'lower') };
}

describe('prompt sensitivity claim by simulation', () => {
  it('covers the true difference in per-item template spread 93–97% of the time', { timeout: 600_000 }, () => {
    expect(SENSITIVITY_TRUTH).toBeLessThan(-0.05); // a real difference, so coverage is not the null case
    const { coverage } = runTrials(TRIALS, 'sensitivity-coverage', (rng, t) => {
      const r = sensitivityTrial(rng, t, { p: lift, a: 0.2 });
      return { covered: covers(r.ci, SENSITIVITY_TRUTH), rejected: false };
    });
    report('prompt sensitivity coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('with no true difference (tuned p → 1 − p: the same spread), says "delivered" in at most 6% of trials', { timeout: 600_000 }, () => {
    const { coverage, rejections } = runTrials(TRIALS, 'sensitivity-null', (rng, t) => {
      const r = sensitivityTrial(rng, t, { p: (p) => 1 - p, a: 0.3 });
      return { covered: covers(r.ci, 0), rejected: r.verdict === 'delivered' };
    });
    report('prompt sensitivity null', { coverage, delivered: rejections });
    expect(rejections).toBeLessThanOrEqual(0.06);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
  });
});

// Answer laws over 3 answer texts, one per item kind; K = 5 samples.
const BASE_LAWS = [[0.5, 0.3, 0.2], [0.8, 0.1, 0.1], [0.4, 0.4, 0.2], [0.34, 0.33, 0.33]];
const TUNED_LAWS = [[0.9, 0.05, 0.05], [0.95, 0.03, 0.02], [0.6, 0.3, 0.1], [0.5, 0.3, 0.2]];
const K = 5;
/** Each item's kind is drawn per trial; base and tuned answer the same items (the same kinds). */
const drawKinds = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng.next() * BASE_LAWS.length));
const STABILITY_TRUTH = mean(TUNED_LAWS.map((l, i) => expectedAgreement(l, K) - expectedAgreement(BASE_LAWS[i]!, K)));

function stabilityTrial(rng: Rng, t: number, tunedLaws: number[][]) {
  const items = { qa: drawKinds(rng.derive('qa-items'), 120), summ: drawKinds(rng.derive('summ-items'), 80) };
  const side = (name: string, kinds: number[][]) => run(name, [
    task('qa', 'exact_match', null, stabilityOf(rng.derive(`${name}-qa`), 'qa', items.qa.map((k) => kinds[k]!), K)),
    task('summ', 'exact_match', null, stabilityOf(rng.derive(`${name}-summ`), 'summ', items.summ.map((k) => kinds[k]!), K)),
  ]);
  return stabilityClaim(side('base', BASE_LAWS), side('tuned', tunedLaws), OPTS(t));
}

describe('stability claim by simulation', () => {
  it('expected agreement is exact (all-equal law → 1, uniform over 5 answers with K = 5 → E[max]/5)', () => {
    expect(expectedAgreement([1, 0, 0], K)).toBeCloseTo(1, 12);
    expect(expectedAgreement([0.5, 0.5], 2)).toBeCloseTo(0.75, 12); // agree (both same) half the time: 1, else 0.5
  });

  it('covers the true difference in answer agreement 93–97% of the time', { timeout: 600_000 }, () => {
    expect(STABILITY_TRUTH).toBeGreaterThan(0.1);
    const { coverage } = runTrials(TRIALS, 'stability-coverage', (rng, t) => {
      const c = stabilityTrial(rng, t, TUNED_LAWS);
      return { covered: covers(c.ci, STABILITY_TRUTH), rejected: false };
    });
    report('stability coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('with no true difference, says "delivered" in at most 6% of trials', { timeout: 600_000 }, () => {
    const { coverage, rejections } = runTrials(TRIALS, 'stability-null', (rng, t) => {
      const c = stabilityTrial(rng, t, BASE_LAWS);
      return { covered: covers(c.ci, 0), rejected: c.verdict === 'delivered' };
    });
    report('stability null', { coverage, delivered: rejections });
    expect(rejections).toBeLessThanOrEqual(0.06);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
  });
});
