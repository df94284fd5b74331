import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { loadTask } from '../../src/tasks/load-task.js';

function task(prompt: string, rows: Record<string, string>[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-template-field-'));
  writeFileSync(path.join(dir, 'task.yaml'), `id: t
category: classification
family: f
description: d
license: MIT
data: data.jsonl
templates:
  - id: first
    prompt: "Text: {{text}}"
  - id: second
    prompt: ${JSON.stringify(prompt)}
answer:
  type: choice
  label: label
  choices: [yes, no]
metrics: [acc]
`);
  writeFileSync(path.join(dir, 'data.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path.join(dir, 'task.yaml');
}

const rows = [{ id: 'a', text: 'one', label: 'yes' }, { id: 'b', text: 'two', label: 'no' }];

describe('a placeholder no row has', () => {
  it('is the template\'s mistake: named at its task.yaml line, with the nearest field', async () => {
    const err = await loadTask(task('{{txet}}?', rows)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).toMatch(/task\.yaml:11 template "second" uses \{\{txet\}\}, a field no row of .*data\.jsonl has; did you mean "text"\?/);
    expect(e.line).toBe(11);
  });

  it('a field some rows have and one lacks is still the data row\'s error', async () => {
    const err = await loadTask(task('{{note}}', [{ ...rows[0]!, note: 'n' }, rows[1]!])).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/data\.jsonl:2 field "note" is missing or empty/);
  });
});
