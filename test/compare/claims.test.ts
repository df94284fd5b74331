/** The claims scorecard on synthetic runs whose truth is known by construction. */
import { describe, expect, it } from 'vitest';
import { CLAIM_IDS, type Claim, type ClaimId } from '../../src/compare/claims-types.js';
import { compareRuns } from '../../src/compare/compare.js';
import { baseRun, runResult, tunedRun, type Scorer, type TaskSpec } from '../gate/fixtures.js';

const claim = (claims: Claim[] | undefined, id: ClaimId) => claims!.find((c) => c.id === id)!;
const opts = { seed: 7, iterations: 400 };

describe('claims scorecard', () => {
  const c = compareRuns(baseRun(), tunedRun(), opts);

  it('has the six claims in order, each with a verdict', () => {
    expect(c.claims!.map((x) => x.id)).toEqual([...CLAIM_IDS]);
    for (const x of c.claims!) expect(['delivered', 'not delivered', "can't tell", 'not measured']).toContain(x.verdict);
  });

  it('generalization is the held-out macro gain of the comparison', () => {
    const g = claim(c.claims, 'generalization');
    expect(g.effect).toBe(c.heldOut!.delta);
    expect(g.ci).toEqual(c.heldOut!.ci);
    expect(g.verdict).toBe('delivered');
    expect(g.parts.map((p) => p.task).sort()).toEqual(['sentiment', 'trivia']);
  });

  it('prompt sensitivity pairs per-item spreads: tuned disagrees across templates on 10% of items, base never', () => {
    const s = claim(c.claims, 'prompt_sensitivity');
    // sentiment and topic: 0.1 of items flip under t3; trivia's squad_f1 does not depend on the template.
    expect(s.baseline).toBeCloseTo(0, 12);
    expect(s.candidate).toBeCloseTo((0.1 + 0.1 + 0) / 3, 12);
    expect(s.better).toBe('lower');
    expect(s.verdict).toBe('not delivered');
  });

  it('breadth counts categories with a significant gain', () => {
    const b = claim(c.claims, 'breadth');
    expect(b.effect).toBe(1);
    expect(b.verdict).toBe('delivered');
    expect(b.parts.map((p) => p.category)).toEqual(['classification', 'qa']);
  });

  it('says what to add when a claim cannot be measured', () => {
    expect(claim(c.claims, 'stability')).toMatchObject({ verdict: 'not measured', effect: null, ci: null });
    expect(claim(c.claims, 'stability').note).toMatch(/stability: \{samples: 5, temperature: 0\.7\}/);
    expect(claim(c.claims, 'format_adherence').note).toMatch(/answer\.constraints/);
  });
});

describe('knowledge retained is a non-inferiority test', () => {
  const acc: Scorer = (i) => (i % 10 < 5 ? 1 : 0);
  const spec = (s: Scorer): TaskSpec[] => [{ id: 'facts', category: 'classification', family: 'facts', metrics: { acc: s } }];
  const base = runResult('base', [], spec(acc));
  // Tuned loses 2 (or 10) of the 100 items base got right, under every template.
  const slightly = runResult('tuned', [], spec((i) => (acc(i, 't1') === 1 && i !== 0 && i !== 10 ? 1 : 0)));
  const clearly = runResult('tuned', [], spec((i) => (acc(i, 't1') === 1 && i % 10 !== 0 ? 1 : 0)));
  const verdict = (cand: typeof base, margin?: number) => claim(compareRuns(base, cand, { ...opts, knowledgeMargin: margin }).claims, 'knowledge_retained');

  it('a 2-point drop it cannot rule out beyond the 1-point default margin: can\'t tell', () => {
    const k = verdict(slightly);
    expect(k.effect).toBeCloseTo(-0.02, 12);
    expect(k.margin).toBe(0.01);
    expect(k.verdict).toBe("can't tell");
  });

  it('a wider margin the interval clears: delivered; a drop significantly beyond the margin: not delivered', () => {
    expect(verdict(slightly, 0.1).verdict).toBe('delivered');
    expect(verdict(clearly).verdict).toBe('not delivered');
    expect(verdict(clearly, 0.25).verdict).toBe('delivered');
  });
});

describe('format adherence', () => {
  it('a task where every answer went from wrong to right gets an interval, not a point', () => {
    const spec = (v: number): TaskSpec[] => [{ id: 'labels', category: 'classification', family: 'labels', metrics: { accuracy: () => v, format_rate: () => v } }];
    const f = claim(compareRuns(runResult('base', [], spec(0)), runResult('tuned', [], spec(1)), opts).claims, 'format_adherence');
    expect(f.effect).toBe(1);
    expect(f.verdict).toBe('delivered');
    expect(f.ci![1]).toBe(1);
    expect(f.ci![0]).toBeGreaterThan(0.9);
    expect(f.ci![0]).toBeLessThan(0.99); // 100 items cannot prove a 99% rate
  });
});
