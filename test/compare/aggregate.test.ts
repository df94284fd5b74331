/** Macro aggregates: one set of tasks gets one interval, whatever scope or category names it. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import type { TaskManifest } from '../../src/runner/manifest.js';
import type { SampleRecord } from '../../src/runner/record.js';
import type { ModelIdentity, RunResult } from '../../src/runner/result-types.js';
import { buildRunResult } from '../../src/runner/results.js';

const TEMPLATES = ['t1', 't2'];
const ITEMS = Array.from({ length: 40 }, (_, i) => `q${i}`);
const TASKS: TaskManifest[] = ['alpha', 'beta'].map((id) => ({
  id, category: 'qa', family: id, templates: TEMPLATES, items: ITEMS, metrics: [{ name: 'exact_match', options: {} }],
}));

/** A run of two qa tasks by a model without a card (every task held out). */
function run(name: string, score: (task: number, item: number, template: string) => number): RunResult {
  const records = new Map(TASKS.map((task, k) => [task.id, TEMPLATES.flatMap((t) => ITEMS.map((item, i): SampleRecord => ({
    key: `${name}-${task.id}-${t}-${item}`, model: name, task: task.id, template: t, item, prompt: '', references: [], truncatedTokens: 0,
    scores: { exact_match: score(k, i, t) }, stats: { exact_match: [score(k, i, t)] },
  })))]));
  const model: ModelIdentity = { name, source: name, backend: 'onnx', fingerprint: name, format: 'plain', shots: 0, trainedFamilies: [] };
  return buildRunResult(TASKS, records, { benchmark: 'b', model, seed: 5, settings: {}, iterations: 400, planned: new Map(TASKS.map((t) => [t.id, TEMPLATES.length * ITEMS.length])) });
}

describe('aggregate intervals', () => {
  it('held-out, overall and a category over the same tasks give the same interval and p-value', () => {
    const base = run('base', (k, i) => ((i + k) % 3 === 0 ? 1 : 0));
    const tuned = run('tuned', (k, i, t) => ((i + k) % 3 !== 1 || t === 't2' ? 1 : 0));
    const c = compareRuns(base, tuned, { seed: 5, iterations: 400 });
    expect(c.heldOut?.tasks).toBe(2);
    expect(c.overall.tasks).toBe(2);
    const qa = c.categories.find((a) => a.category === 'qa' && a.scope === 'all')!;
    // The same items resampled the same way: a gate on `overall` cannot disagree with the
    // generalization claim on `held-out` when both hold every task.
    for (const agg of [c.overall, qa]) {
      expect(agg.ci).toEqual(c.heldOut!.ci);
      expect(agg.pValue).toBe(c.heldOut!.pValue);
      expect(agg.candidate).toEqual(c.heldOut!.candidate);
    }
  });
});
