/** Issue 15 / 14: a gate problem found after a run still leaves every report, then exits 2 with the message. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/run-dir.js';

const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };

function benchmark(gate: string): string {
  const file = path.join(tmpDir('bench'), 'bench.yaml');
  // Task globs are relative to the benchmark file.
  const task = path.relative(path.dirname(file), path.join(ROOT, 'tasks/toy/sentiment/task.yaml'));
  writeFileSync(file, [
    'name: gate-after-run',
    `tasks: ["${task}"]`,
    'models:',
    `  base: { source: ${ROOT}/models/tiny-base, format: plain }`,
    `  tuned: { source: ${ROOT}/models/tiny-tuned, format: chat }`,
    'compare: { baseline: base, candidate: tuned }',
    'seed: 1234',
    gate,
  ].join('\n') + '\n');
  return file;
}

describe('a gate problem found after the run', () => {
  it('a rule whose scope has no tasks: every report is written, then exit 2 naming the rule and the fix', () => {
    const out = tmpDir('out');
    const r = runCli(['run', benchmark('gate:\n  rules:\n    - scope: held-out\n      min_gain: 0.0\n'), '--limit', '3', '--out', out], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/error: .*bench\.yaml:\d+ rule "min_gain held-out".*no held-out tasks/);
    expect(r.stderr).toMatch(/fix: /);
    expect(r.stderr).not.toMatch(/internal error/);
    for (const f of ['report.md', 'report.html', 'results.csv', 'comparison.json', 'results/base.json', 'results/tuned.json']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(r.stdout).toMatch(/tuned vs base/);
  });
});
