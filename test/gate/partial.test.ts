/** Issue 19 item 4: the gate never passes silently on a partial comparison or a thin no_regression overlap. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { parsePolicyText } from '../../src/gate/load-policy.js';
import type { RunResult } from '../../src/runner/result-types.js';
import { baseRun, comparisonOf, tunedRun } from './fixtures.js';

const policy = (yaml: string) => parsePolicyText(yaml, '/work/policies/gate.yaml');
const loader = (files: Record<string, RunResult>) => async (file: string) => {
  const r = files[file];
  if (!r) throw new Error(`no such file ${file}`);
  return structuredClone(r);
};

/** The previous release: two items of one task, from another benchmark. */
function twoItemsOfAnotherBenchmark(): RunResult {
  const r = structuredClone(tunedRun());
  r.benchmark = 'other-benchmark';
  r.tasks = r.tasks.filter((t) => t.id === 'sentiment').map((t) => ({
    ...t, items: t.items.slice(0, 2),
    stats: Object.fromEntries(Object.entries(t.stats).map(([m, per]) => [m, Object.fromEntries(Object.entries(per).map(([tpl, rows]) => [tpl, rows.slice(0, 2)]))])),
  }));
  return r;
}

describe('gate on partial comparisons', () => {
  it('refuses a partial comparison (here: the candidate holds one shard of four), naming the reason and the fix', async () => {
    const cand = { ...tunedRun(), shards: { of: 4, included: [1] } };
    const c = comparisonOf(baseRun(), cand);
    expect(c.pairing?.partial).toBe(true);
    const p = policy('rules:\n  - scope: overall\n    min_gain: -1\n');
    const err = await evaluateGate(p, c, { comparisonDir: '/work/run' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/partial comparison: tuned holds shard 1 of 4/);
    expect((err as InputError).hint).toMatch(/heldout merge.*--allow-partial/);
    const judged = await evaluateGate(p, c, { comparisonDir: '/work/run', allowPartial: true });
    expect(judged.passed).toBe(true);
    expect(judged.partial).toEqual(['tuned holds shard 1 of 4']);
  });

  it('no_regression against a 2-item results file of another benchmark does not pass on the overlap', async () => {
    const c = comparisonOf(baseRun(), tunedRun());
    const files = { '/work/run/results/tuned.json': tunedRun(), [path.join('/work/policies', 'old.json')]: twoItemsOfAnotherBenchmark() };
    const p = policy('rules:\n  - scope: task:sentiment\n    no_regression: { against: old.json }\n');
    const err = await evaluateGate(p, c, { comparisonDir: '/work/run', loadResult: loader(files) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/gate\.yaml:2 rule "no_regression task:sentiment": .*old\.json.* benchmark "other-benchmark", not "gate-test"; sentiment: 2 of 100 items paired/);
    const judged = await evaluateGate(p, c, { comparisonDir: '/work/run', loadResult: loader(files), allowPartial: true });
    expect(judged.rules[0]!.detail).toMatch(/partial: .*2 of 100 items paired/);
  });

  it('an aggregate scope counts tasks the previous release lacks as unpaired', async () => {
    const c = comparisonOf(baseRun(), tunedRun());
    const previous = structuredClone(tunedRun());
    previous.tasks = previous.tasks.filter((t) => t.id !== 'trivia');
    const files = { '/work/run/results/tuned.json': tunedRun(), [path.join('/work/policies', 'old.json')]: previous };
    const p = policy('rules:\n  - scope: held-out\n    no_regression: { against: old.json }\n');
    await expect(evaluateGate(p, c, { comparisonDir: '/work/run', loadResult: loader(files) })).rejects.toThrow(/trivia: not in tuned in old\.json/);
  });
});
