import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/gate/load-policy.js';

const dir = mkdtempSync(path.join(tmpdir(), 'heldout-bench-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('heldout gate --policy with a benchmark file', () => {
  it('judges the benchmark\'s gate: section, with lines and paths of the benchmark file', async () => {
    const file = path.join(dir, 'bench.yaml');
    writeFileSync(file, 'name: b\ntasks: ["t/*.yaml"]\nmodels:\n  m: { source: ./m }\ngate:\n  rules:\n    - scope: overall\n      min_gain: 0.0\n    - scope: held-out\n      no_regression: { against: releases/v1/results/tuned.json, tolerance: 0.01 }\n');
    const policy = await loadPolicy(file);
    expect(policy.file).toBe(file);
    expect(policy.dir).toBe(dir);
    expect(policy.rules.map((r) => [r.name, r.line])).toEqual([['min_gain overall', 7], ['no_regression held-out', 9]]);
  });

  it('says what is wrong in a benchmark\'s gate section, naming the benchmark file and line', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: b\ntasks: ["t/*.yaml"]\nmodels:\n  m: { source: ./m }\ngate:\n  rules:\n    - scope: overall\n      min_gain: lots\n');
    await expect(loadPolicy(file)).rejects.toThrow(/bad\.yaml:8/);
  });
});
