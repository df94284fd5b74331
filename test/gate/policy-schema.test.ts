import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadBenchmarkGate, loadPolicy, parsePolicy, parsePolicyText } from '../../src/gate/load-policy.js';

function failure(text: string): ConfigError {
  try {
    parsePolicyText(text, '/tmp/policies/gate.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('gate policy schema', () => {
  it('reads every rule kind with its defaults', () => {
    const policy = parsePolicyText([
      'rules:',
      '  - scope: held-out',
      '    min_gain: 0.0',
      '  - scope: task:sentiment',
      '    metric: acc',
      '    min_score: 0.7',
      '    judge: ci_low',
      '  - name: no worse than 1.2',
      '    no_regression: { against: releases/1.2/tuned.json }',
      '  - scope: category:qa',
      '    max_sensitivity: 0.1',
      '  - max_broken_share: 0.05',
    ].join('\n'), '/tmp/policies/gate.yaml');
    expect(policy.dir).toBe('/tmp/policies');
    expect(policy.rules.map((r) => [r.name, r.scopeText, r.metric, r.line])).toEqual([
      ['min_gain held-out', 'held-out', 'primary', 2],
      ['min_score task:sentiment acc', 'task:sentiment', 'acc', 4],
      ['no worse than 1.2', 'overall', 'primary', 8],
      ['max_sensitivity category:qa', 'category:qa', 'primary', 10],
      ['max_broken_share overall', 'overall', 'primary', 12],
    ]);
    expect(policy.rules.map((r) => r.check)).toEqual([
      { kind: 'min_gain', threshold: 0, judge: 'ci_low' },
      { kind: 'min_score', threshold: 0.7, judge: 'ci_low' },
      { kind: 'no_regression', against: 'releases/1.2/tuned.json', tolerance: 0 },
      { kind: 'max_sensitivity', threshold: 0.1 },
      { kind: 'max_broken_share', threshold: 0.05 },
    ]);
    expect(policy.rules[1]!.scope).toEqual({ kind: 'task', name: 'sentiment' });
  });

  it('keeps rule names distinct', () => {
    const policy = parsePolicyText('rules:\n  - min_gain: 0\n  - min_gain: 0.01\n', 'gate.yaml');
    expect(policy.rules.map((r) => r.name)).toEqual(['min_gain overall', 'min_gain overall (2)']);
  });

  it('points at the line of a rule with two kinds', () => {
    const err = failure('rules:\n  - scope: overall\n    min_gain: 0\n    min_score: 0.5\n');
    expect(err.message).toMatch(/gate\.yaml:4 rules\.0\.min_score: a rule has exactly one kind/);
    expect(err.line).toBe(4);
  });

  it('points at the line of a misspelt key, a bad scope and a percentage written as 70', () => {
    expect(failure('rules:\n  - min_gain: 0\n  - scope: overall\n    min_gian: 0\n').message).toMatch(/gate\.yaml:4 rules\.1\.min_gian: unknown key "min_gian"/);
    expect(failure('rules:\n  - scope: heldout\n    min_gain: 0\n').message).toMatch(/gate\.yaml:2 rules\.0\.scope: expected overall, held-out, seen, category:<name> or task:<id>/);
    expect(failure('rules:\n  - min_score: 70\n').message).toMatch(/gate\.yaml:2 rules\.0\.min_score: .*1/);
  });

  it('refuses a rule without a kind, judge on other kinds and an empty policy', () => {
    expect(failure('rules:\n  - scope: seen\n').message).toMatch(/gate\.yaml:2 rules\.0: a rule needs one of min_gain/);
    expect(failure('rules:\n  - max_sensitivity: 0.1\n    judge: point\n').message).toMatch(/gate\.yaml:3 rules\.0\.judge: judge applies to min_gain and min_score only/);
    expect(failure('rules: []\n').message).toMatch(/gate\.yaml:1 rules: a policy needs at least one rule/);
    expect(failure('rules:\n  - no_regression: { tolerance: 0.01 }\n').message).toMatch(/gate\.yaml:2 rules\.0\.no_regression\.against/);
  });

  it('reports a missing policy file as a ConfigError', async () => {
    await expect(loadPolicy('/nonexistent/gate.yaml')).rejects.toThrow(ConfigError);
  });

  it('reads the gate: section of a benchmark with the benchmark\'s lines', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-policy-'));
    const file = path.join(dir, 'bench.yaml');
    await writeFile(file, 'name: b\ntasks: [x]\nmodels: { a: { source: m } }\ngate:\n  rules:\n    - min_gain: 0\n    - min_score: 2\n');
    await expect(loadBenchmarkGate(file)).rejects.toThrow(/bench\.yaml:7 rules\.1\.min_score/);
    await writeFile(file, 'name: b\ntasks: [x]\nmodels: { a: { source: m } }\ngate:\n  rules:\n    - min_gain: 0\n');
    const policy = await loadBenchmarkGate(file);
    expect(policy?.rules[0]?.line).toBe(6);
    expect(policy?.dir).toBe(dir);
    await writeFile(file, 'name: b\ntasks: [x]\nmodels: { a: { source: m } }\n');
    expect(await loadBenchmarkGate(file)).toBeNull();
  });

  it('parses an already loaded value', () => {
    const policy = parsePolicy({ rules: [{ scope: 'seen', min_gain: -0.02, judge: 'point' }] }, 'bench.yaml');
    expect(policy.rules[0]!.check).toEqual({ kind: 'min_gain', threshold: -0.02, judge: 'point' });
  });
});
