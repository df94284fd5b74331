import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { choiceSet, goldIndex } from '../../src/tasks/answers.js';
import { loadTask } from '../../src/tasks/load-task.js';
import type { Task } from '../../src/tasks/types.js';
import { ROOT } from '../helpers/paths.js';
import { datasetsDir, hasDataset, readJsonl } from '../metrics/datasets.js';

function golds(task: Task): Map<string, string> {
  if (task.spec.answer.type !== 'choice') throw new Error('not a choice task');
  const answer = task.spec.answer;
  return new Map(task.samples.map((s) => { const c = choiceSet(s, answer, s.id); return [s.id, c[goldIndex(s, answer, c, s.id)]!]; }));
}

const env = { ...process.env, HELDOUT_DATA_DIR: datasetsDir };
const publicTask = (name: string) => loadTask(path.join(ROOT, 'benchmarks/public-tasks', name, 'task.yaml'), { env });

/**
 * The label change (a label equal to a choice's text is that choice; indices need label_is_index: true)
 * must not move a single gold label of the public sets: each is checked against the labels' documented meaning.
 */
describe('public classification sets keep their gold labels', () => {
  it.skipIf(!hasDataset('sst2-validation.jsonl'))('SST-2: 0 = negative, 1 = positive (872 rows)', async () => {
    const gold = golds(await publicTask('sst2'));
    const rows = readJsonl<{ idx: number; label: number }>('sst2-validation.jsonl');
    expect(gold.size).toBe(rows.length);
    for (const r of rows) expect(gold.get(String(r.idx))).toBe(['negative', 'positive'][r.label]);
  });

  it.skipIf(!hasDataset('agnews-test-500.jsonl'))('AG News: the label index names label_name (500 rows)', async () => {
    const gold = golds(await publicTask('agnews'));
    const rows = readJsonl<{ row: number; label_name: string }>('agnews-test-500.jsonl');
    expect(gold.size).toBe(rows.length);
    for (const r of rows) expect(gold.get(String(r.row))).toBe(r.label_name);
  });

  it.skipIf(!hasDataset('boolq-validation-500.jsonl'))('BoolQ: JSON booleans are "true" / "false" (500 rows)', async () => {
    const gold = golds(await publicTask('boolq'));
    const rows = readJsonl<{ idx: number; label: boolean }>('boolq-validation-500.jsonl');
    expect(gold.size).toBe(rows.length);
    for (const r of rows) expect(gold.get(String(r.idx))).toBe(String(r.label));
  });

  it.skipIf(!hasDataset('rte-validation.jsonl'))('RTE: the label strings themselves (277 rows)', async () => {
    const gold = golds(await publicTask('rte'));
    const rows = readJsonl<{ idx: number; label: string }>('rte-validation.jsonl');
    expect(gold.size).toBe(rows.length);
    for (const r of rows) expect(gold.get(String(r.idx))).toBe(r.label);
  });

  it('a GLUE TSV with integer labels reads them as indices when the task says label_is_index: true', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-glue-'));
    writeFileSync(path.join(dir, 'dev.tsv'), 'sentence\tlabel\ngood film\t1\nbad film\t0\n');
    const task = (extra: string) => `id: g\ncategory: classification\nfamily: f\ndescription: d\nlicense: MIT\n`
      + `data: {path: dev.tsv, format: glue}\ntemplates:\n  - id: a\n    prompt: "{{sentence}}"\n`
      + `answer:\n  type: choice\n  choices: [negative, positive]\n${extra}metrics: [acc]\n`;
    writeFileSync(path.join(dir, 'task.yaml'), task('  label_is_index: true\n'));
    expect([...golds(await loadTask(path.join(dir, 'task.yaml'))).values()]).toEqual(['positive', 'negative']);
    writeFileSync(path.join(dir, 'task.yaml'), task(''));
    await expect(loadTask(path.join(dir, 'task.yaml'))).rejects.toThrow(/dev\.tsv:2 label 1 .*not one of "negative", "positive"/);
  });
});
