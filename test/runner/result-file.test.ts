import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { TaskManifest } from '../../src/runner/manifest.js';
import type { SampleRecord } from '../../src/runner/record.js';
import { parseRunResult } from '../../src/runner/result-file.js';
import type { RunResult } from '../../src/runner/result-types.js';
import { buildRunResult } from '../../src/runner/results.js';

const TEMPLATES = ['a', 'b'];

/** A two-template task with ROUGE-L and exact match, its item values thirds so rounding shows. */
function written(): RunResult {
  const manifest: TaskManifest = {
    id: 'qa', category: 'qa', family: 'f', templates: TEMPLATES, items: ['i0', 'i1', 'i2', 'i3'],
    metrics: [{ name: 'rougeL', options: {} }, { name: 'exact_match', options: {} }],
  };
  const records: SampleRecord[] = TEMPLATES.flatMap((t, k) => manifest.items.map((item, i) => {
    const r = ((i + k) % 3) / 3;
    const em = (i + k) % 2;
    return { key: `${t}-${item}`, model: 'm', task: 'qa', template: t, item, prompt: '', references: [], truncatedTokens: 0, scores: { rougeL: r, exact_match: em }, stats: { rougeL: [r], exact_match: [em] } };
  }));
  const model = { name: 'm', source: 'm', backend: 'sim', fingerprint: 'm', format: 'plain' as const, shots: 0, trainedFamilies: [] };
  const result = buildRunResult([manifest], new Map([['qa', records]]), { benchmark: 'b', model, seed: 1, settings: {}, iterations: 200 });
  // what the file holds after a trip through JSON
  return JSON.parse(JSON.stringify(result)) as RunResult;
}

const parse = (r: RunResult) => parseRunResult(r, 'results/m.json', 'pass a results file');

describe('a results file whose stated values disagree with its item statistics', () => {
  it('is read as written by heldout when nothing was changed', () => {
    expect(parse(written()).tasks[0]!.metrics['rougeL']!.value).toBeCloseTo(7 / 24, 12);
  });

  it('is refused, naming the value, when an overall value was edited (null included)', () => {
    const r = written();
    r.tasks[0]!.metrics['rougeL']!.value = null as unknown as number;
    expect(() => parse(r)).toThrow(InputError);
    expect(() => parse(r)).toThrow(/results\/m\.json tasks\[0\]\.metrics\.rougeL\.value: the file says null, but the item statistics it holds give 0\.291667/);
  });

  it('is refused when one template\'s value was edited', () => {
    const r = written();
    r.tasks[0]!.templates['b']!['exact_match']!.value = 0.9;
    expect(() => parse(r)).toThrow(/tasks\[0\]\.templates\.b\.exact_match\.value: the file says 0\.9, but the item statistics it holds give 0\.5/);
  });

  it('is refused when a statistic was edited and the value left alone', () => {
    const r = written();
    r.tasks[0]!.stats['exact_match']!['a']![0] = [1];
    expect(() => parse(r)).toThrow(/exact_match\.value: the file says/);
  });
});
