import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const TASK = `id: tiny
category: classification
family: test-family
description: A two-item fixture.
license: MIT
data: data.jsonl
templates:
  - id: a
    prompt: "Text: {{text}}\\nLabel:"
answer:
  type: choice
  choices: [yes, no]
metrics: [acc]
`;

function fixture(task = TASK, models: { base?: string; tuned?: string; tunedFormat?: string } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-cli-'));
  mkdirSync(path.join(dir, 'tasks/tiny'), { recursive: true });
  writeFileSync(path.join(dir, 'tasks/tiny/task.yaml'), task);
  writeFileSync(path.join(dir, 'tasks/tiny/data.jsonl'), '{"id":"1","text":"good","label":"yes"}\n{"id":"2","text":"bad","label":"no"}\n');
  writeFileSync(path.join(dir, 'bench.yaml'), `name: t
tasks: ["tasks/*/task.yaml"]
models:
  base: { source: ${models.base ?? path.join(ROOT, 'models/tiny-base')}, format: plain }
  tuned: { source: ${models.tuned ?? path.join(ROOT, 'models/tiny-tuned')}, format: ${models.tunedFormat ?? 'chat'} }
compare: { baseline: base, candidate: tuned }
`);
  return dir;
}

function expectCleanFailure(r: { code: number | null; stderr: string }, ...needles: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  for (const n of needles) expect(r.stderr).toMatch(n);
  expect(r.stderr).toMatch(/fix: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('bad input ends with exit 2 and a message naming the file and the fix', () => {
  it('a malformed task file names the file, the line and the key', () => {
    const dir = fixture(TASK.replace('type: choice', 'type: choise'));
    const r = runCli(['run', 'bench.yaml', '--out', 'out'], { cwd: dir });
    expectCleanFailure(r, /tasks\/tiny\/task\.yaml:11 answer\.type: expected "choice" or "generate"/);
  });

  it('a missing data file names the path', () => {
    const dir = fixture(TASK.replace('data: data.jsonl', 'data: nowhere.jsonl'));
    const r = runCli(['run', 'bench.yaml', '--out', 'out'], { cwd: dir });
    expectCleanFailure(r, /nowhere\.jsonl/);
  });

  it('a model folder without tokenizer_config.json says what is missing', () => {
    const dir = fixture();
    cpSync(path.join(ROOT, 'models/tiny-base'), path.join(dir, 'broken'), { recursive: true });
    rmSync(path.join(dir, 'broken/tokenizer_config.json'));
    writeFileSync(path.join(dir, 'bench.yaml'), `name: t\ntasks: ["tasks/*/task.yaml"]\nmodels:\n  base: { source: broken }\n`);
    const r = runCli(['run', 'bench.yaml', '--out', 'out'], { cwd: dir });
    expectCleanFailure(r, /tokenizer_config\.json/);
  });

  it('chat asked of a model without a chat template is an error, not a fallback', () => {
    const dir = fixture(TASK, { tuned: path.join(ROOT, 'models/tiny-base'), tunedFormat: 'chat' });
    const r = runCli(['run', 'bench.yaml', '--out', 'out'], { cwd: dir });
    expectCleanFailure(r, /no chat template/, /"plain"/);
  });

  it('an unknown command is a usage error', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
  });
});

describe('heldout compare', () => {
  it('writes its reports into an --out folder that does not exist yet', () => {
    const dir = fixture();
    expect(runCli(['run', 'bench.yaml', '--out', 'run', '--format', 'json'], { cwd: dir }).code).toBe(0);
    const r = runCli(['compare', 'run/results/base.json', 'run/results/tuned.json', '--out', 'fresh/reports'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'fresh/reports/comparison.json'))).toBe(true);
  });
});
