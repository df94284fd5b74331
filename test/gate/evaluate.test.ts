import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/types.js';
import { ConfigError } from '../../src/errors.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { parsePolicyText } from '../../src/gate/load-policy.js';
import type { GateRuleResult } from '../../src/gate/types.js';
import type { RunResult } from '../../src/runner/result-types.js';
import { baseRun, comparisonOf, runResult, tasks, tunedRun } from './fixtures.js';

const POLICY = '/work/policies/gate.yaml';
let comparison: Comparison;

beforeAll(() => {
  comparison = comparisonOf(baseRun(), tunedRun());
});

async function judge(yaml: string, c: Comparison = comparison, results: Record<string, RunResult> = {}): Promise<GateRuleResult[]> {
  const loadResult = async (file: string) => {
    const found = results[file];
    if (!found) throw new Error(`no such file ${file}`);
    return found;
  };
  const verdict = await evaluateGate(parsePolicyText(yaml, POLICY), c, { comparisonDir: '/work/run', loadResult, iterations: 400 });
  expect(verdict.passed).toBe(verdict.rules.every((r) => r.passed));
  return verdict.rules;
}

async function configError(yaml: string, c: Comparison = comparison): Promise<string> {
  const err = await judge(yaml, c).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
}

describe('evaluateGate', () => {
  it('min_gain judges the lower bound of the paired interval by default, the point estimate on request', async () => {
    const [ahead, tooMuch, point] = await judge('rules:\n  - scope: held-out\n    min_gain: 0\n  - scope: held-out\n    min_gain: 0.2\n  - scope: held-out\n    min_gain: 0.2\n    judge: point\n');
    const row = comparison.heldOut!;
    expect(ahead).toMatchObject({ passed: true, measured: row.ci[0], threshold: 0, op: '>=' });
    expect(row.ci[0]).toBeGreaterThan(0);
    expect(row.ci[0]).toBeLessThan(0.2);
    expect(tooMuch).toMatchObject({ passed: false, measured: row.ci[0] });
    expect(tooMuch!.detail).toMatch(/^gain \+\d+\.\d pts \[\+\d+\.\d, \+\d+\.\d\] \(p [<\d.]+\); lower bound \+\d+\.\d < \+20\.0 pts$/);
    expect(point).toMatchObject({ measured: row.delta, passed: row.delta >= 0.2 });
  });

  it('fails a rule whose interval comparison.json stored as null (NaN), never reading it as 0', async () => {
    const c = JSON.parse(JSON.stringify({ ...comparison, heldOut: { ...comparison.heldOut!, ci: [Number.NaN, Number.NaN] } })) as Comparison;
    expect(c.heldOut!.ci).toEqual([null, null]);
    const [rule] = await judge('rules:\n  - { scope: held-out, min_gain: -1 }\n', c);
    expect(rule).toMatchObject({ passed: false, measured: null });
    expect(rule!.detail).toMatch(/no interval$/);
  });

  it('min_score reads the candidate value of a task metric', async () => {
    const [low, high, ciLow] = await judge('rules:\n  - { scope: "task:sentiment", metric: acc, min_score: 0.76 }\n  - { scope: "task:sentiment", metric: acc, min_score: 0.78 }\n  - { scope: "task:sentiment", metric: acc, min_score: 0.76, judge: ci_low }\n');
    expect(low!.passed).toBe(true);
    expect(low!.measured).toBeCloseTo(2.3 / 3, 12);
    expect(high!.passed).toBe(false);
    expect(ciLow!.passed).toBe(false);
    expect(ciLow!.measured).toBeLessThan(0.76);
  });

  it('max_sensitivity reports the worst task of the scope', async () => {
    const [tight, loose] = await judge('rules:\n  - max_sensitivity: 0.04\n  - max_sensitivity: 0.1\n');
    expect(tight).toMatchObject({ passed: false, op: '<=' });
    expect(tight!.measured).toBeCloseTo(0.05, 12);
    expect(tight!.detail).toMatch(/^worst task sentiment: IQR 5\.0 pts over 3 templates \(best t1 80\.0, worst t3 70\.0\); 2 of 3 tasks over$/);
    expect(loose!.passed).toBe(true);
  });

  it('max_broken_share counts broken answers over compared answers of 0/1 metrics', async () => {
    const [none] = await judge('rules:\n  - max_broken_share: 0\n');
    expect(none).toMatchObject({ passed: true, measured: 0 });
    const reversed = comparisonOf(tunedRun(), baseRun());
    const [task, all] = await judge('rules:\n  - { scope: "task:sentiment", metric: acc, max_broken_share: 0.25 }\n  - max_broken_share: 0.3\n', reversed);
    expect(task!.measured).toBeCloseTo(80 / 300, 12);
    expect(task!.passed).toBe(false);
    expect(task!.detail).toMatch(/^80 of 300 answers broken, 0 fixed; share 26\.7% > 25\.0%$/);
    expect(all!.detail).toMatch(/over 2 tasks, 1 task without a 0\/1 metric left out/);
  });

  it('refuses max_broken_share on a metric that is not 0/1', async () => {
    expect(await configError('rules:\n  - { scope: "task:trivia", max_broken_share: 0.1 }\n')).toMatch(/gate\.yaml:2 rule "max_broken_share task:trivia": max_broken_share needs a 0\/1 metric.*trivia \(squad_f1\)/);
  });

  it('names the policy line and what exists when a rule names a missing task, metric, category or scope', async () => {
    expect(await configError('rules:\n  - min_gain: 0\n  - scope: task:sentimnet\n    min_gain: 0\n')).toMatch(/^\/work\/policies\/gate\.yaml:3 rule "min_gain task:sentimnet": no task "sentimnet" in the comparison \(tuned vs base\) \(tasks: sentiment, topic, trivia\)$/);
    expect(await configError('rules:\n  - { scope: "task:sentiment", metric: f1, min_gain: 0 }\n')).toMatch(/gate\.yaml:2 .*task "sentiment" has no metric "f1" .*\(metrics: acc, accuracy, or primary\)/);
    expect(await configError('rules:\n  - { scope: "category:code", min_gain: 0 }\n')).toMatch(/no category "code" .*\(categories: classification, qa\)/);
    expect(await configError('rules:\n  - { scope: held-out, metric: acc, min_gain: 0 }\n')).toMatch(/metric "acc" needs scope task:<id>/);
    const allSeen = runResult('tuned', ['sentiment', 'topic', 'open-qa'], tasks((i) => i % 2, 'tuned'));
    const c = comparisonOf(baseRun(), allSeen);
    expect(await configError('rules:\n  - { scope: held-out, min_gain: 0 }\n', c)).toMatch(/has no held-out tasks \(every task's family is among tuned's trained families; scopes that exist: overall, seen, /);
    // a pair without model cards: nothing is seen; the fix names the card and --no-gate
    const noCard = comparisonOf(baseRun(), runResult('tuned', [], tasks((i) => i % 2, 'tuned')));
    const err = await judge('rules:\n  - { scope: seen, min_gain: 0 }\n', noCard).then(() => null, (e: unknown) => e) as ConfigError;
    expect(err.message).toMatch(/has no seen tasks \(no task's family is among tuned's trained families/);
    expect(err.hint).toMatch(/heldout\.json trained_families.*heldout run --no-gate/);
  });

  it('no_regression fails only on a significant drop beyond the tolerance', async () => {
    const current = '/work/run/results/tuned.json';
    const files = {
      [current]: tunedRun(),
      '/work/policies/small.json': tunedRun((i) => i % 10 === 8 && i < 20),
      '/work/policies/large.json': tunedRun((i) => i % 10 >= 8),
      '/work/policies/same.json': tunedRun(),
    };
    const [small, large, tolerated, same] = await judge([
      'rules:',
      '  - { scope: "task:sentiment", no_regression: { against: small.json } }',
      '  - { scope: "task:sentiment", no_regression: { against: large.json } }',
      '  - { scope: "task:sentiment", no_regression: { against: large.json, tolerance: 0.5 } }',
      '  - { no_regression: { against: same.json } }',
    ].join('\n'), comparison, files);
    expect(small).toMatchObject({ passed: true, threshold: -0 });
    expect(small!.detail).toMatch(/^vs tuned in small\.json: -2\.0 pts \[-\d\.\d, [+-]?0\.0\]; drop not significant$/);
    expect(large).toMatchObject({ passed: false });
    expect(large!.measured!).toBeLessThan(0);
    expect(large!.detail).toMatch(/-20\.0 pts .*; significant regression$/);
    expect(tolerated).toMatchObject({ passed: true, threshold: -0.5 });
    expect(tolerated!.detail).toMatch(/significant drop, within the 50\.0-pt tolerance$/);
    expect(same!.detail).toMatch(/no drop$/);
  });

  it('no_regression names a task the previous release lacks', async () => {
    const previous = runResult('tuned', ['topic'], tasks(() => 1, 'tuned').filter((t) => t.id !== 'sentiment'));
    const files = { '/work/run/results/tuned.json': tunedRun(), [path.join('/work/policies', 'old.json')]: previous };
    const err = await judge('rules:\n  - { scope: "task:sentiment", no_regression: { against: old.json } }\n', comparison, files).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/no task "sentiment" in the comparison with tuned in old\.json \(tasks: topic, trivia\)/);
  });
});
