/** Results are built only from records whose key is in the run's plan, however the key is computed. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishRun } from '../../src/runner/finish-run.js';
import { mergeRuns } from '../../src/runner/merge.js';
import { writeManifest, type RunManifest } from '../../src/runner/manifest.js';
import type { SampleRecord } from '../../src/runner/record.js';
import { tmpDir } from '../helpers/run-dir.js';

const ITEMS = ['a', 'b', 'c', 'd'];
const TEMPLATES = ['t1', 't2'];

function record(key: string, template: string, item: string, value: number): SampleRecord {
  return { key, model: 'm', task: 'qa', template, item, prompt: 'p', references: ['x'], truncatedTokens: 0, scores: { exact_match: value }, stats: { exact_match: [value] } };
}

function manifest(plan: string[] | undefined): RunManifest {
  return {
    version: 1, benchmark: 'b', seed: 1, iterations: 200, settings: {}, shard: null, compare: null,
    models: [{ name: 'm', source: 's', backend: 'onnx', fingerprint: 'sha256:1', format: 'plain', shots: 0, trainedFamilies: [] }],
    tasks: [{ id: 'qa', category: 'qa', family: 'qa', templates: TEMPLATES, items: ITEMS, metrics: [{ name: 'exact_match', options: {} }] }],
    ...(plan ? { plan: { m: { qa: plan } } } : {}),
  };
}

async function runDir(records: SampleRecord[], plan: string[] | undefined): Promise<string> {
  const dir = tmpDir('plan');
  await mkdir(path.join(dir, 'samples/m'), { recursive: true });
  await writeFile(path.join(dir, 'samples/m/qa.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeManifest(dir, manifest(plan));
  return dir;
}

describe('results from the plan', () => {
  const planned = TEMPLATES.flatMap((t) => ITEMS.map((i) => record(`${t}-${i}`, t, i, 1)));
  // Records of the same (template, item) under other keys: another model, prompt or setting.
  const foreign = TEMPLATES.flatMap((t) => ITEMS.map((i) => record(`other-${t}-${i}`, t, i, 0)));

  it('records whose key is not planned never count, wherever they sit in the log', async () => {
    const dir = await runDir([...planned, ...foreign], planned.map((r) => r.key));
    const { results } = await finishRun(dir, manifest(planned.map((r) => r.key)));
    const task = results[0]!.tasks[0]!;
    expect(task.metrics['exact_match']!.value).toBe(1);
    expect(task.items).toEqual(ITEMS);
    expect(task.requests).toEqual({ planned: 8, answered: 8 });
  });

  it('a planned request without a record leaves its item out and says the task is incomplete', async () => {
    const keys = planned.map((r) => r.key);
    const dir = await runDir([...planned.slice(1), ...foreign], keys);
    const { results } = await finishRun(dir, manifest(keys));
    const task = results[0]!.tasks[0]!;
    expect(task.items).toEqual(['b', 'c', 'd']);
    expect(task.requests).toEqual({ planned: 8, answered: 7 });
    const written = JSON.parse(await readFile(path.join(dir, 'results/m.json'), 'utf8'));
    expect(written.tasks[0].requests).toEqual({ planned: 8, answered: 7 });
  });

  it('merge refuses a run directory written before run.json listed its requests, saying what to do', async () => {
    const old = await runDir(planned, undefined);
    await expect(mergeRuns([old], path.join(tmpDir('merge-out'), 'T'))).rejects.toThrow(/older heldout.*does not list/);
  });
});
