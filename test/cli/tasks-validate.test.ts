import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTasks } from '../../src/cli/tasks.js';
import { runCli } from '../helpers/cli.js';

const head = (id: string, extra = '') => `id: ${id}
category: classification
family: f
description: d
license: MIT
data: data.jsonl
templates:
  - { id: a, prompt: "{{text}} ->" }
answer: { type: choice, choices: [yes, no] }
metrics: [acc]
${extra}`;

const CODE = `id: code-bad
category: code
family: js
description: d
license: MIT
data: data.jsonl
templates:
  - { id: a, prompt: "{{prompt}}" }
answer: { type: generate, reference: solution, postprocess: [] }
code: { language: javascript, prefix: "{{prompt}}", tests: "{{tests}}" }
metrics: [pass@1]
`;

/** A corpus of broken tasks, one defect each. */
function brokenCorpus(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'heldout-broken-'));
  const task = (name: string, yaml: string, rows: string[]) => {
    mkdirSync(path.join(root, name), { recursive: true });
    writeFileSync(path.join(root, name, 'task.yaml'), yaml);
    writeFileSync(path.join(root, name, 'data.jsonl'), rows.join('\n') + '\n');
  };
  const ok = ['{"id":"1","text":"a","label":"yes"}', '{"id":"2","text":"b","label":"no"}'];
  task('schema', head('schema').replace('category: classification', 'category: poetry'), ok);
  task('dup-ids', head('dup-ids'), [...ok, '{"id":"1","text":"c","label":"yes"}']);
  task('empty', head('empty'), [...ok, '{"id":"3","text":"  ","label":"yes"}']);
  task('label', head('label'), [...ok, '{"id":"3","text":"c","label":"maybe"}']);
  task('twin-a', head('twin'), ok);
  task('twin-b', head('twin'), ok);
  task('code', CODE, [
    JSON.stringify({ id: 'c1', prompt: 'function add(a, b) {\n', solution: '  return a + b;\n}', tests: "const assert = require('node:assert'); assert.strictEqual(add(1, 2), 3);" }),
    JSON.stringify({ id: 'c2', prompt: 'function sub(a, b) {\n', solution: '  return a + b;\n}', tests: "const assert = require('node:assert'); assert.strictEqual(sub(3, 1), 2);" }),
  ]);
  return root;
}

describe('heldout tasks validate', () => {
  it('fails on a corpus of broken tasks, naming file and line for each defect', async () => {
    const root = brokenCorpus();
    const { checked, problems } = await validateTasks([root]);
    expect(checked).toBe(7);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/schema\/task\.yaml:2 category: expected "summarization" or "classification" or "qa" or "code"/);
    expect(text).toMatch(/dup-ids\/data\.jsonl:3 the id "1" was already used at line 1/);
    expect(text).toMatch(/empty\/data\.jsonl:3 field "text" is missing or empty/);
    expect(text).toMatch(/label\/data\.jsonl:3 label "maybe" \(field "label"\) is not one of "yes", "no"/);
    expect(text).toMatch(/twin-b\/task\.yaml: task id "twin" is also used by .*twin-a\/task\.yaml/);
    expect(text).toMatch(/code\/data\.jsonl:2 item "c2": the reference solution failed its tests/);
    expect(text).not.toMatch(/item "c1"/);
    expect(problems).toHaveLength(6);
  });

  it('exits 2 from the command line', () => {
    const r = runCli(['tasks', 'validate', brokenCorpus()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/1 of 7 task files valid/);
  });

  it('passes on every shipped task (code references are checked by test/tasks/code-references.test.ts)', async () => {
    const { checked, problems } = await validateTasks([], { code: false });
    expect(problems.map((p) => p.message)).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(17);
  });
});
