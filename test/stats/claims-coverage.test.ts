/**
 * The prompt-sensitivity and stability claims by simulation, through the code that ships
 * (spreadPiece + macroEffect, stabilityClaim), and the paired-proportion fallback a claim's
 * interval takes when every item gave the same pair of answers: over 1,000 seeded trials
 * (`npm run sim`; 400 in `npm test`, with the thresholds held in standard errors, see
 * simulate.ts) their 95% intervals must cover the true difference 93–97% of the time, and with
 * no true difference they may call the claim "delivered" at most 6% of the time. Seeds were
 * fixed before looking.
 */
import { describe, expect, it } from 'vitest';
import { macroEffect, spreadPiece, type ClaimPiece } from '../../src/compare/claim-pieces.js';
import { verdictOf } from '../../src/compare/claim-verdict.js';
import { stabilityClaim } from '../../src/compare/stability-claim.js';
import { meanReducer, type Interval, type Rng } from '../../src/stats/index.js';
import {
  binarySpread, binaryTemplates, continuousSpread, continuousTemplates, expectedAgreement, run, stabilityOf, task,
} from './claims-simulate.js';
import { runTrials, simTrials, thresholds } from './simulate.js';

const TRIALS = simTrials(400);
const T = thresholds(TRIALS);
const range = `${(T.coverageMin * 100).toFixed(1)}–${(T.coverageMax * 100).toFixed(1)}% of ${TRIALS} trials`;
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
  it(`covers the true difference in per-item template spread ${range}`, { timeout: 600_000 }, () => {
    expect(SENSITIVITY_TRUTH).toBeLessThan(-0.05); // a real difference, so coverage is not the null case
    const { coverage } = runTrials(TRIALS, 'sensitivity-coverage', (rng, t) => {
      const r = sensitivityTrial(rng, t, { p: lift, a: 0.2 });
      return { covered: covers(r.ci, SENSITIVITY_TRUTH), rejected: false };
    });
    report('prompt sensitivity coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
    expect(coverage).toBeLessThanOrEqual(T.coverageMax);
  });

  it(`with no true difference (tuned p → 1 − p: the same spread), says "delivered" in at most ${(T.typeOneMax * 100).toFixed(1)}% of ${TRIALS} trials`, { timeout: 600_000 }, () => {
    const { coverage, rejections } = runTrials(TRIALS, 'sensitivity-null', (rng, t) => {
      const r = sensitivityTrial(rng, t, { p: (p) => 1 - p, a: 0.3 });
      return { covered: covers(r.ci, 0), rejected: r.verdict === 'delivered' };
    });
    report('prompt sensitivity null', { coverage, delivered: rejections });
    expect(rejections).toBeLessThanOrEqual(T.typeOneMax);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
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

  it(`covers the true difference in answer agreement ${range}`, { timeout: 600_000 }, () => {
    expect(STABILITY_TRUTH).toBeGreaterThan(0.1);
    const { coverage } = runTrials(TRIALS, 'stability-coverage', (rng, t) => {
      const c = stabilityTrial(rng, t, TUNED_LAWS);
      return { covered: covers(c.ci, STABILITY_TRUTH), rejected: false };
    });
    report('stability coverage', coverage);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
    expect(coverage).toBeLessThanOrEqual(T.coverageMax);
  });

  it(`with no true difference, says "delivered" in at most ${(T.typeOneMax * 100).toFixed(1)}% of ${TRIALS} trials`, { timeout: 600_000 }, () => {
    const { coverage, rejections } = runTrials(TRIALS, 'stability-null', (rng, t) => {
      const c = stabilityTrial(rng, t, BASE_LAWS);
      return { covered: covers(c.ci, 0), rejected: c.verdict === 'delivered' };
    });
    report('stability null', { coverage, delivered: rejections });
    expect(rejections).toBeLessThanOrEqual(T.typeOneMax);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
  });
});

/**
 * A 0/1 claim measured on items where every answer is often the same (format adherence near 0% and
 * 100%): the paired bootstrap then has width 0 and the claim falls back to Newcombe's
 * paired-proportion interval (alone, or combined with other tasks' intervals).
 */
function binaryPiece(rng: Rng, id: string, n: number, pBase: number, pCand: number): ClaimPiece {
  const base: number[][] = [];
  const cand: number[][] = [];
  for (let i = 0; i < n; i++) {
    base.push([rng.next() < pBase ? 1 : 0]);
    cand.push([rng.next() < pCand ? 1 : 0]);
  }
  return { id, metric: 'constraint_strict', binary: true, base, cand, reduce: meanReducer };
}

/** Whether the claim's interval is the fallback: the piece's bootstrap is degenerate (every item the same difference). */
const degenerate = (p: ClaimPiece) => p.base.every((b, i) => p.cand[i]![0]! - b[0]! === p.cand[0]![0]! - p.base[0]![0]!);

describe('the paired-proportion fallback of a 0/1 claim by simulation', () => {
  it(`one task near the edges (base 1%, tuned 99% of 40 items): covers the true +98 pts in ≥ ${(T.coverageMin * 100).toFixed(1)}% of ${TRIALS} trials`, { timeout: 600_000 }, () => {
    let fellBack = 0;
    const { coverage } = runTrials(TRIALS, 'fallback-one', (rng, t) => {
      const p = binaryPiece(rng, 'edge', 40, 0.01, 0.99);
      if (degenerate(p)) fellBack++;
      const m = macroEffect([p], 'format_adherence', OPTS(t));
      return { covered: covers(m.ci, 0.98), rejected: false };
    });
    report('paired-proportion fallback, one task', { coverage, fellBack: fellBack / TRIALS });
    expect(fellBack / TRIALS).toBeGreaterThan(0.2); // the fallback is really exercised
    expect(fellBack / TRIALS).toBeLessThan(0.8); // and so is the bootstrap beside it
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
  });

  // Two tasks: one near the edges (1% → 99% of 40 items), one in the middle (50% → 70% of 100).
  const twoTasks = (rng: Rng, lifted: boolean) => [
    binaryPiece(rng.derive('edge'), 'edge', 40, lifted ? 0.01 : 0.99, 0.99),
    binaryPiece(rng.derive('mid'), 'mid', 100, 0.5, lifted ? 0.7 : 0.5),
  ];

  it(`two tasks, one falling back (the macro interval combines the tasks' intervals): covers the true macro difference ${range}`, { timeout: 600_000 }, () => {
    let fellBack = 0;
    const { coverage } = runTrials(TRIALS, 'fallback-two', (rng, t) => {
      const pieces = twoTasks(rng, true);
      if (degenerate(pieces[0]!)) fellBack++;
      const m = macroEffect(pieces, 'format_adherence', OPTS(t));
      return { covered: covers(m.ci, (0.98 + 0.2) / 2), rejected: false };
    });
    report('paired-proportion fallback, two tasks', { coverage, fellBack: fellBack / TRIALS });
    expect(fellBack / TRIALS).toBeGreaterThan(0.2);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
    expect(coverage).toBeLessThanOrEqual(T.coverageMax);
  });

  it(`with no true difference (both 99% on the edge task, both 50% on the other), says "delivered" in at most ${(T.typeOneMax * 100).toFixed(1)}% of ${TRIALS} trials`, { timeout: 600_000 }, () => {
    let fellBack = 0;
    const { coverage, rejections } = runTrials(TRIALS, 'fallback-null', (rng, t) => {
      const pieces = twoTasks(rng, false);
      if (degenerate(pieces[0]!)) fellBack++;
      const m = macroEffect(pieces, 'format_adherence', OPTS(t));
      return { covered: covers(m.ci, 0), rejected: verdictOf(m.ci, 'higher') === 'delivered' };
    });
    report('paired-proportion fallback, null', { coverage, delivered: rejections, fellBack: fellBack / TRIALS });
    expect(fellBack / TRIALS).toBeGreaterThan(0.2);
    expect(rejections).toBeLessThanOrEqual(T.typeOneMax);
    expect(coverage).toBeGreaterThanOrEqual(T.coverageMin);
  });
});
