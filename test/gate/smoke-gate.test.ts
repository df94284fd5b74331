import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `heldout-${name}-`));
const LIMIT = ['--limit', '20'];

describe('the smoke benchmark\'s gate on the shipped pair', () => {
  it('passes with base and tuned as shipped', () => {
    const r = runCli(['run', 'benchmarks/smoke.yaml', ...LIMIT, '--out', tmp('gate-ok')]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.stdout).toMatch(/gate passed/);
    expect(r.code).toBe(0);
  });

  it('fails with exit 1 and a readable verdict when base and tuned are swapped', () => {
    const dir = tmp('gate-swapped');
    const families: string[] = JSON.parse(readFileSync(path.join(ROOT, 'models/tiny-tuned/heldout.json'), 'utf8')).trained_families;
    const swapped = readFileSync(path.join(ROOT, 'benchmarks/smoke.yaml'), 'utf8')
      .replace('../tasks/toy/', `${ROOT}/tasks/toy/`)
      .replace('source: ../models/tiny-base\n    format: plain', `source: ${ROOT}/models/tiny-tuned\n    format: chat`)
      .replace('source: ../models/tiny-tuned\n    format: chat', `source: ${ROOT}/models/tiny-base\n    format: plain\n    trained_families: [${families.join(', ')}]`);
    // Only the weights swap: the benchmark still says which task families "tuned" is meant to know.
    expect(swapped).toContain(`${ROOT}/models/tiny-tuned\n    format: chat\n  tuned:\n    source: ${ROOT}/models/tiny-base\n    format: plain\n`);
    expect(swapped).toMatch(/trained_families: \[.+\]/);
    writeFileSync(path.join(dir, 'smoke-swapped.yaml'), swapped);
    const out = path.join(dir, 'run');
    const r = runCli(['run', path.join(dir, 'smoke-swapped.yaml'), ...LIMIT, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.stdout).toMatch(/tuned is significantly ahead on the families it was tuned on/);
    expect(r.stdout).toMatch(/gate failed/i);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/<failure/);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toMatch(/## Gate: \*\*failed\*\*/);
  });
});
