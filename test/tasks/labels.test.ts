import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeldoutError } from '../../src/errors.js';
import { choiceSet, goldIndex } from '../../src/tasks/answers.js';
import { loadTask } from '../../src/tasks/load-task.js';
import type { Task } from '../../src/tasks/types.js';

/** A choice task in a temp dir: `answer` is the YAML of the answer block's extra keys. */
function choiceTask(choices: string, rows: unknown[], answer = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-labels-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'task.yaml'), `id: labels
category: classification
family: f
description: d
license: MIT
data: data.jsonl
templates:
  - id: a
    prompt: "Text: {{text}}"
answer:
  type: choice
  choices: ${choices}
${answer ? `  ${answer}\n` : ''}metrics: [acc]
`);
  writeFileSync(path.join(dir, 'data.jsonl'), rows.map((r, i) => JSON.stringify({ id: `i${i + 1}`, text: 'x', ...(r as object) })).join('\n') + '\n');
  return path.join(dir, 'task.yaml');
}

function golds(task: Task): string[] {
  if (task.spec.answer.type !== 'choice') throw new Error('not a choice task');
  const answer = task.spec.answer;
  return task.samples.map((s) => { const c = choiceSet(s, answer, s.id); return c[goldIndex(s, answer, c, s.id)]!; });
}

async function loadError(file: string): Promise<HeldoutError> {
  const err = await loadTask(file).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HeldoutError);
  return err as HeldoutError;
}

describe('numeric labels (#19 item 2)', () => {
  it('choices ["1","2"] with label 1 and no statement is ambiguous: validation fails naming the line and the key', async () => {
    const err = await loadError(choiceTask('["1", "2"]', [{ label: 1 }, { label: 2 }]));
    expect(err.message).toMatch(/data\.jsonl:1 label 1 .*ambiguous/);
    expect(err.message).toMatch(/"1".*"2"/);
    expect(err.line).toBe(1);
    expect(err.hint).toMatch(/label_is_index: false/);
    expect(err.hint).toMatch(/label_is_index: true/);
  });

  it('label_is_index: false reads a label equal to a choice text as that choice', async () => {
    const task = await loadTask(choiceTask('["1", "2"]', [{ label: 1 }, { label: 2 }, { label: '2' }], 'label_is_index: false'));
    expect(golds(task)).toEqual(['1', '2', '2']);
  });

  it('label_is_index: true reads labels as indices', async () => {
    const task = await loadTask(choiceTask('["1", "2"]', [{ label: 1 }, { label: 0 }, { label: '1' }], 'label_is_index: true'));
    expect(golds(task)).toEqual(['2', '1', '2']);
  });

  it('a label equal to a choice text is that choice without any statement', async () => {
    const task = await loadTask(choiceTask('[negative, positive]', [{ label: 'positive' }, { label: 'Negative' }]));
    expect(golds(task)).toEqual(['positive', 'negative']);
  });

  it('numbers that read the same either way need no statement (choices "0", "1")', async () => {
    const task = await loadTask(choiceTask('["0", "1"]', [{ label: 1 }, { label: 0 }]));
    expect(golds(task)).toEqual(['1', '0']);
  });

  it('an index label without label_is_index: true fails, and the fix says to state it', async () => {
    const err = await loadError(choiceTask('[negative, positive]', [{ label: 1 }]));
    expect(err.message).toMatch(/label 1 .*not one of "negative", "positive"/);
    expect(err.hint).toMatch(/label_is_index: true/);
  });

  it('label_is_index: true refuses a label that is not an index in range', async () => {
    const err = await loadError(choiceTask('[negative, positive]', [{ label: 'positive' }], 'label_is_index: true'));
    expect(err.message).toMatch(/not an index from 0 to 1/);
    const err2 = await loadError(choiceTask('[negative, positive]', [{ label: 2 }], 'label_is_index: true'));
    expect(err2.message).toMatch(/label 2 .*not an index from 0 to 1/);
  });

  it('a missing label field says that it is missing', async () => {
    const err = await loadError(choiceTask('[negative, positive]', [{}]));
    expect(err.message).toMatch(/field "label" is missing/);
  });

  it('booleans match the choice texts "false" / "true"', async () => {
    const task = await loadTask(choiceTask('["false", "true"]', [{ label: true }, { label: false }]));
    expect(golds(task)).toEqual(['true', 'false']);
  });
});
