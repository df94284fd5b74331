// The HTML report's gain-vs-number-of-tuning-families chart (issue #17's diversity study).
import { describe, expect, it } from 'vitest';
import { gainCurveBody, gainCurveMarkdown, gainCurvePoints } from '../../src/report/html/charts/gain-curve.js';
import { renderHtml } from '../../src/report/html/render.js';
import type { RunResult } from '../../src/runner/result-types.js';
import { runResult, tasks, type Scorer } from '../gate/fixtures.js';

// Every task family here (sentiment, topic, open-qa) is held out for every candidate.
const base = runResult('base', [], tasks((i) => (i % 10 < 5 ? 1 : 0), 'base'));
const upTo = (k: number): Scorer => (i) => (i % 10 < k ? 1 : 0);
const tuned = (name: string, families: number, k: number) =>
  runResult(name, Array.from({ length: families }, (_, j) => `fam-${j}`), tasks(upTo(k), 'tuned'));

/** The first n items only (the full report bootstraps at 1,000 iterations: small runs keep the test fast). */
const shrink = (r: RunResult, n: number): RunResult => ({
  ...r,
  tasks: r.tasks.map((t) => ({
    ...t, items: t.items.slice(0, n),
    stats: Object.fromEntries(Object.entries(t.stats).map(([m, byTpl]) => [m, Object.fromEntries(Object.entries(byTpl).map(([tpl, rows]) => [tpl, rows.slice(0, n)]))])),
  })),
});

describe('gain against the number of tuning families', () => {
  it('pairs each candidate with the baseline on its held-out tasks, ordered by family count', () => {
    const points = gainCurvePoints([base, tuned('f8', 8, 8), tuned('f1', 1, 5), tuned('f2', 2, 6)], 200)!;
    expect(points.map((p) => [p.model, p.families, p.scope, p.tasks])).toEqual([
      ['f1', 1, 'held-out', 3], ['f2', 2, 'held-out', 3], ['f8', 8, 'held-out', 3]]);
    // f1 answers exactly like base on acc; qa's squad_f1 is shifted +0.1 for every tuned run.
    expect(points[0]!.delta).toBeGreaterThan(0);
    expect(points[0]!.delta).toBeLessThan(points[1]!.delta);
    expect(points[1]!.delta).toBeLessThan(points[2]!.delta);
    expect(points[2]!.ci[0]).toBeGreaterThan(0);
    expect(points[2]!.ci[0]).toBeLessThanOrEqual(points[2]!.delta);
  });

  it('is absent for a base/tuned pair and for candidates with one family count', () => {
    expect(gainCurvePoints([base, tuned('a', 3, 6)])).toBeNull();
    expect(gainCurvePoints([base, tuned('a', 3, 6), tuned('b', 3, 7)])).toBeNull();
    expect(gainCurveBody([base, tuned('a', 3, 6)])).toBe('');
  });

  it('renders a line chart with the numbers as a table in the N-model HTML report, and a markdown table', () => {
    const results = [base, tuned('f1', 1, 5), tuned('f4', 4, 7)].map((r) => shrink(r, 20));
    const html = renderHtml({ results, flips: [] });
    expect(html).toContain('id="gain-curve"');
    expect(html).toMatch(/<svg[^>]*class="chart line-chart gain-curve"/);
    expect(html).toContain('<td>f4</td><td class="num">4</td>');
    const md = gainCurveMarkdown(results, 200).split('\n');
    expect(md).toHaveLength(4);
    expect(md[3]).toMatch(/^\| f4 \| 4 \| 3 \| \+\d+\.\d \| \[\d+\.\d, \d+\.\d\] \| /);
    expect(renderHtml({ results: [base, tuned('f1', 1, 5)], flips: [] })).not.toContain('id="gain-curve"');
  });

  it('names a candidate that shares no item with the baseline instead of failing the whole report', () => {
    const stranger: RunResult = { ...tuned('elsewhere', 2, 6), tasks: tuned('elsewhere', 2, 6).tasks.map((t) => ({ ...t, id: `${t.id}-other` })) };
    const results = [base, tuned('f1', 1, 5), stranger, tuned('f4', 4, 7)].map((r) => shrink(r, 20));
    expect(gainCurvePoints(results, 200)!.map((p) => p.model)).toEqual(['f1', 'f4']);
    const html = renderHtml({ results, flips: [] });
    expect(html).toContain('id="gain-curve"');
    expect(html).toContain('No point for elsewhere: it shares no scored item with base.');
    // Candidates with no stats at all (nothing to pair): the section says so, nothing throws.
    const bare = results.map((r) => ({ ...r, tasks: r.tasks.map((t) => ({ ...t, stats: {} })) }));
    expect(() => renderHtml({ results: bare, flips: [] })).not.toThrow();
  });
});
