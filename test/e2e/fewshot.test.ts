import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('heldout run benchmarks/smoke.yaml --shots base=3', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'heldout-shots-'));
  const r = runCli(['run', 'benchmarks/smoke.yaml', '--shots', 'base=3', '--tasks', 'toy-sentiment', 'toy-story-summary', '--limit', '4', '--out', out, '--format', 'markdown', 'json']);

  it('prints base 0-shot | base 3-shot | tuned 0-shot and the gain over the better base', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/base\s+base-3shot\s+tuned/);
    expect(r.stdout).toMatch(/tuned 0-shot vs the better of base 0-shot \/ 3-shot: [+-]?\d+\.\d pts \[/);
  });

  it('writes the three-column view with intervals, and records the shots used', () => {
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/## Zero-shot tuned vs 3-shot base/);
    expect(md).toMatch(/\| task \| set \| metric \| base 0-shot \| base 3-shot \| tuned 0-shot \| better base \| Δ vs better base \| 95% CI \| p \|/);
    const c = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8'));
    expect(c.fewshot.shots).toBe(3);
    expect(c.fewshot.vsBest.overall.ci).toHaveLength(2);
    expect(Object.keys(c.fewshot.bestBase).sort()).toEqual(['toy-sentiment', 'toy-story-summary']);
    const kshot = JSON.parse(readFileSync(path.join(out, 'results/base-3shot.json'), 'utf8'));
    expect(kshot.model.shots).toBe(3);
    const record = JSON.parse(readFileSync(path.join(out, 'samples/base-3shot/toy-sentiment.jsonl'), 'utf8').split('\n')[0]!);
    expect(record.shots).toBe(3);
    expect(record.prompt.split('\n\n').length).toBeGreaterThanOrEqual(4);
  });
});
