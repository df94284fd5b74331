/**
 * What a comparison paired (issue 19 item 4), and the two compare.ts fixes of issue 13: per-template
 * baseline/candidate intervals are real intervals, and metric options reach the comparison.
 */
import { describe, expect, it, vi } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import type { MetricDef } from '../../src/metrics/registry.js';
import type { TaskManifest } from '../../src/runner/manifest.js';
import type { SampleRecord } from '../../src/runner/record.js';
import type { ModelIdentity, RunResult } from '../../src/runner/result-types.js';
import { buildRunResult } from '../../src/runner/results.js';

// A metric whose value depends on its options: `scale` multiplies the mean.
vi.mock('../../src/metrics/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/metrics/registry.js')>();
  const scaled: MetricDef = {
    name: 'scaled', higherIsBetter: true, binary: false, needs: 'generation',
    itemStats: (input) => [Number(input.prediction)],
    reduce: (stats, options) => (stats.reduce((a, s) => a + s[0]!, 0) / stats.length) * Number(options['scale'] ?? 1),
    itemValue: (stats) => stats[0]!,
  };
  return { ...real, getMetric: (name: string) => (name === 'scaled' ? scaled : real.getMetric(name)) };
});

const TEMPLATES = ['t1', 't2', 't3'];
const items = (n: number) => Array.from({ length: n }, (_, i) => `q${i}`);

function run(name: string, n: number, score: (i: number, t: string) => number, opts: { metric?: string; options?: Record<string, unknown>; answered?: number } = {}): RunResult {
  const metric = opts.metric ?? 'exact_match';
  const task: TaskManifest = { id: 'qa', category: 'qa', family: 'qa', templates: TEMPLATES, items: items(n), metrics: [{ name: metric, options: opts.options ?? {} }] };
  const records: SampleRecord[] = TEMPLATES.flatMap((t) => items(n).map((item, i) => ({
    key: `${name}-${t}-${item}`, model: name, task: 'qa', template: t, item, prompt: '', references: [], truncatedTokens: 0,
    scores: { [metric]: score(i, t) }, stats: { [metric]: [score(i, t)] },
  })));
  const model: ModelIdentity = { name, source: name, backend: 'onnx', fingerprint: name, format: 'plain', shots: 0, trainedFamilies: [] };
  // answered: only the first k items got their answers (under every template).
  const kept = opts.answered === undefined ? records : records.filter((r) => Number(r.item.slice(1)) < opts.answered!);
  return buildRunResult([task], new Map([['qa', kept]]), {
    benchmark: 'b', model, seed: 3, settings: {}, iterations: 300, planned: new Map([['qa', records.length]]),
  });
}

const baseScore = (i: number) => (i % 3 === 0 ? 1 : 0);
const tunedScore = (i: number, t: string) => (i % 3 !== 1 || t === 't3' ? 1 : 0);

describe('compareRuns', () => {
  it('per-template baseline and candidate come with their own intervals, as the results have them', () => {
    const base = run('base', 30, baseScore);
    const tuned = run('tuned', 30, tunedScore);
    const c = JSON.parse(JSON.stringify(compareRuns(base, tuned, { seed: 3, iterations: 300 })));
    const row = c.tasks[0];
    for (const t of TEMPLATES) {
      expect(row.templates[t].baseline).toEqual(base.tasks[0]!.templates[t]!['exact_match']);
      expect(row.templates[t].candidate).toEqual(tuned.tasks[0]!.templates[t]!['exact_match']);
    }
  });

  it('a partial pairing still gives each side a finite interval over the items it paired', () => {
    const c = JSON.parse(JSON.stringify(compareRuns(run('base', 6, baseScore), run('tuned', 30, tunedScore), { seed: 3, iterations: 300 })));
    const row = c.tasks[0];
    for (const side of [row.baseline, row.candidate, ...TEMPLATES.flatMap((t) => [row.templates[t].baseline, row.templates[t].candidate])]) {
      expect(side.n).toBe(6);
      expect(side.ci.every((x: unknown) => typeof x === 'number')).toBe(true);
      expect(side.ci[0]).toBeLessThanOrEqual(side.value);
      expect(side.ci[1]).toBeGreaterThanOrEqual(side.value);
    }
  });

  it('metric options reach the comparison: the delta is the metric as the task configured it', () => {
    const options = { scale: 0.5 };
    const base = run('base', 20, () => 0.2, { metric: 'scaled', options });
    const tuned = run('tuned', 20, () => 0.6, { metric: 'scaled', options });
    expect(tuned.tasks[0]!.metrics['scaled']!.value).toBeCloseTo(0.3, 12);
    const c = compareRuns(base, tuned, { seed: 3, iterations: 200 });
    expect(c.tasks[0]!.delta).toBeCloseTo(0.2, 12);
    expect(c.tasks[0]!.templates['t1']!.delta).toBeCloseTo(0.2, 12);
  });

  it('says what it paired: a full pairing is not partial', () => {
    const c = compareRuns(run('base', 20, baseScore), run('tuned', 20, tunedScore), { seed: 3, iterations: 200 });
    expect(c.pairing).toEqual({ partial: false, reasons: [], tasks: [{ task: 'qa', paired: 20, baseline: 20, candidate: 20, templates: 3 }] });
  });

  it('a --limit 2 run against a --limit 20 run pairs 2 items and says the comparison is partial', () => {
    const c = compareRuns(run('base', 2, baseScore), run('tuned', 20, tunedScore), { seed: 3, iterations: 200 });
    expect(c.pairing!.partial).toBe(true);
    expect(c.pairing!.tasks).toEqual([{ task: 'qa', paired: 2, baseline: 2, candidate: 20, templates: 3 }]);
    expect(c.pairing!.reasons).toEqual(['qa: 2 items paired (base has 2, tuned 20)']);
  });

  it('a side that is one shard, or misses planned answers, makes the comparison partial and says which', () => {
    const shard = { ...run('tuned', 20, tunedScore), shards: { of: 4, included: [1] } };
    const c = compareRuns(run('base', 20, baseScore), shard, { seed: 3, iterations: 200 });
    expect(c.pairing!.shards).toEqual({ candidate: { of: 4, included: [1] } });
    expect(c.pairing!.reasons).toContain('tuned holds shard 1 of 4');
    const missing = compareRuns(run('base', 20, baseScore), run('tuned', 20, tunedScore, { answered: 10 }), { seed: 3, iterations: 200 });
    expect(missing.pairing!.partial).toBe(true);
    expect(missing.pairing!.reasons).toContain('tuned qa: 30 of 60 planned requests answered');
  });
});
