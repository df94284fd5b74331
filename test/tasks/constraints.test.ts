/** Task files that declare output constraints: schema, per-row lists, errors with file:line, scoring through heldout score. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemConstraints } from '../../src/tasks/constraints.js';
import { loadTask } from '../../src/tasks/load-task.js';
import { runCli } from '../helpers/cli.js';

const TASK = (answer: string) => `id: if-demo
category: instruction-following
family: if-demo
description: Demo task with verifiable constraints.
license: MIT
data: data.jsonl
templates:
  - id: plain
    prompt: "{{request}}"
answer:
${answer}
metrics: [constraint_strict]
`;

function writeTask(answer: string, rows: unknown[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-constraints-'));
  writeFileSync(path.join(dir, 'task.yaml'), TASK(answer));
  writeFileSync(path.join(dir, 'data.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path.join(dir, 'task.yaml');
}

const ROWS = [
  { id: 'a', request: 'Say hi in lowercase.', checks: [{ type: 'lowercase' }] },
  { id: 'b', request: 'List two fruits as bullets.', checks: [{ type: 'num_bullets', n: 2 }] },
];
const ANSWER = '  type: generate\n  constraints: [{type: max_words, n: 10}]\n  constraints_field: checks';

describe('answer.constraints and answer.constraints_field', () => {
  it('an item gets the task-wide constraints plus its row\'s, with schema defaults', async () => {
    const task = await loadTask(writeTask(ANSWER, ROWS));
    expect(task.category).toBe('instruction-following');
    expect(itemConstraints(task.spec, task.samples[1]!)).toEqual([{ type: 'max_words', n: 10 }, { type: 'num_bullets', n: 2, relation: 'exactly' }]);
  });

  it('a bad row fails at load time, naming the data file, its line, the field and the problem', async () => {
    const rows = [ROWS[0], { id: 'b', request: 'x', checks: [{ type: 'max_words', n: 5 }, { type: 'num_bulets', n: 2 }] }];
    const file = writeTask(ANSWER, rows);
    await expect(loadTask(file)).rejects.toThrow(/data\.jsonl:2 field "checks"\[1\]\.type: /);
    const missing = writeTask(ANSWER, [ROWS[0], { id: 'c', request: 'x' }]);
    await expect(loadTask(missing)).rejects.toThrow(/data\.jsonl:2 field "checks"/);
  });

  it('a bad task-wide constraint fails with the task file\'s line', async () => {
    const file = writeTask('  type: generate\n  constraints:\n    - {type: max_words}', ROWS);
    await expect(loadTask(file)).rejects.toThrow(/task\.yaml:13 answer\.constraints\.0\.n/);
  });

  it('heldout score reports all four constraint metrics for such a task', () => {
    const file = writeTask(ANSWER, ROWS);
    const predictions = path.join(path.dirname(file), 'predictions.jsonl');
    writeFileSync(predictions, [{ id: 'a', prediction: 'hi there' }, { id: 'b', prediction: 'Fruits:\n- apple\n- pear' }].map((r) => JSON.stringify(r)).join('\n'));
    const out = path.join(path.dirname(file), 'out');
    const r = runCli(['score', file, '--predictions', predictions, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(path.join(out, 'results/predictions.json'), 'utf8')).tasks[0].metrics;
    expect(metrics.constraint_strict.value).toBe(1);
    expect(metrics.constraint_loose.value).toBe(1);
    expect(metrics.constraint_strict_inst.value).toBe(1);
    expect(Object.keys(metrics)).toEqual(['constraint_strict', 'constraint_loose', 'constraint_strict_inst', 'constraint_loose_inst']);
  });
});
