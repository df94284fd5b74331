import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetsDir, hasDataset, readJsonl } from '../metrics/datasets.js';
import { runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'heldout-score-'));
const env = { HELDOUT_DATA_DIR: datasetsDir };

function score(task: string, predictions: string, out: string) {
  const r = runCli(['score', `benchmarks/public-tasks/${task}/task.yaml`, '--predictions', predictions, '--out', out], { env, timeout: 600_000 });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'results/predictions.json'), 'utf8')).tasks[0];
}

function writeJsonl(rows: unknown[]): string {
  const file = path.join(tmp(), 'predictions.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

describe.skipIf(!hasDataset('humaneval.jsonl'))('heldout score on HumanEval (sandboxed)', () => {
  // Read inside the tests: a skipped describe still runs its body when tests are collected.
  const problems = () => readJsonl<{ task_id: string; canonical_solution: string }>('humaneval.jsonl');

  it('the canonical solutions give pass@1 = 1 on all 164 problems', { timeout: 600_000 }, () => {
    const result = score('humaneval', writeJsonl(problems().map((p) => ({ task_id: p.task_id, completion: p.canonical_solution }))), tmp());
    expect(result.metrics['pass@1']).toMatchObject({ value: 1, n: 164 });
  });

  it('a body of `pass` gives 0', { timeout: 600_000 }, () => {
    const result = score('humaneval', writeJsonl(problems().map((p) => ({ task_id: p.task_id, completion: '    pass\n' }))), tmp());
    expect(result.metrics['pass@1']).toMatchObject({ value: 0, n: 164 });
  });
});

describe.skipIf(!hasDataset('mbpp-sanitized.jsonl'))('heldout score on MBPP sanitized', () => {
  it('the reference code passes its test_list on all 427 problems', { timeout: 600_000 }, () => {
    const rows = readJsonl<{ task_id: number; code: string }>('mbpp-sanitized.jsonl');
    const result = score('mbpp', writeJsonl(rows.map((r) => ({ task_id: r.task_id, completion: r.code }))), tmp());
    expect(result.metrics['pass@1']).toMatchObject({ value: 1, n: 427 });
  });
});

describe.skipIf(!hasDataset('squad-v1.1-dev-500-predictions.jsonl'))('heldout score on SQuAD system outputs', () => {
  it('reproduces the official per-item exact_match and f1 of each system', { timeout: 300_000 }, () => {
    type Row = { id: string; system: string; prediction: string; exact_match: number; f1: number };
    const rows = readJsonl<Row>('squad-v1.1-dev-500-predictions.jsonl');
    for (const system of ['bert_ensemble', 'logistic_regression_baseline']) {
      const mine = rows.filter((r) => r.system === system);
      const file = path.join(tmp(), 'squad-predictions.json');
      writeFileSync(file, JSON.stringify(Object.fromEntries(mine.map((r) => [r.id, r.prediction]))));
      const out = tmp();
      score('squad', file, out);
      const records = readFileSync(path.join(out, 'samples/predictions/squad.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const byId = new Map(records.map((r) => [r.item, r.scores]));
      expect(byId.size).toBe(mine.length);
      for (const r of mine) {
        expect(byId.get(r.id)?.squad_em, r.id).toBeCloseTo(r.exact_match, 9);
        expect(byId.get(r.id)?.squad_f1, r.id).toBeCloseTo(r.f1, 9);
      }
    }
  });
});
