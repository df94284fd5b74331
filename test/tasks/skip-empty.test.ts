import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeldoutError } from '../../src/errors.js';
import { loadTask } from '../../src/tasks/load-task.js';

/** A summarization task whose second row has an empty document (as XSum's validation split has). */
function task(data: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-skip-empty-'));
  writeFileSync(path.join(dir, 'task.yaml'), `id: sums
category: summarization
family: f
description: d
license: MIT
data: ${data}
templates:
  - id: a
    prompt: "Article: {{document}}"
answer:
  type: generate
  reference: summary
metrics: [rougeL]
`);
  const rows = [{ id: 'a', document: 'one', summary: 's1' }, { id: 'b', document: ' ', summary: 's2' }, { id: 'c', document: 'three', summary: 's3' }];
  writeFileSync(path.join(dir, 'data.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path.join(dir, 'task.yaml');
}

describe('data.skip_empty', () => {
  it('without it, a row with an empty field a template uses is an error naming file and line', async () => {
    const err = await loadTask(task('data.jsonl')).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HeldoutError);
    expect(String((err as Error).message)).toMatch(/data\.jsonl:2 field "document" is missing or empty/);
  });

  it('with it, such rows are left out and each is named in a warning', async () => {
    const t = await loadTask(task('{ path: data.jsonl, skip_empty: [document] }'));
    expect(t.samples.map((s) => s.id)).toEqual(['a', 'c']);
    expect(t.warnings).toEqual([expect.stringMatching(/data\.jsonl:2 left out: field "document" is missing or empty/)]);
  });
});
