/** Issue 19 item 4, as the issue reproduces it: incomplete pairings are said, and never gated silently. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/run-dir.js';

const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };
const RUN = ['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment'];
const run = (args: string[]) => {
  const out = tmpDir('run');
  const r = runCli([...RUN, ...args, '--out', out], { env });
  expect(r.code, r.stderr).toBe(0);
  return out;
};
const comparison = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'comparison.json'), 'utf8'));
const policyFile = (yaml: string) => { const f = path.join(tmpDir('policy'), 'gate.yaml'); writeFileSync(f, yaml); return f; };
const lenient = policyFile('rules:\n  - scope: overall\n    min_gain: -1\n');

describe('incomplete pairing is flagged', () => {
  const full = run(['--limit', '20']);

  it('a merge where one shard lost a sample log: partial, said on the terminal, and the gate refuses it (exit 2)', () => {
    const shards = [1, 2].map((i) => run(['--limit', '20', '--shard', `${i}/2`]));
    rmSync(path.join(shards[1]!, 'samples/tuned/toy-sentiment.jsonl'));
    const merged = path.join(tmpDir('merged'), 'm');
    const m = runCli(['merge', ...shards, '--out', merged], { env });
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/partial comparison: toy-sentiment: \d+ items paired \(base has 20, tuned \d+\); tuned toy-sentiment: \d+ of 80 planned requests answered/);
    const c = comparison(merged);
    expect(c.pairing.partial).toBe(true);
    expect(c.pairing.tasks[0]).toMatchObject({ task: 'toy-sentiment', baseline: 20 });
    expect(c.pairing.tasks[0].candidate).toBeLessThan(20);
    expect(readFileSync(path.join(merged, 'report.md'), 'utf8')).toMatch(/\*\*Partial comparison\*\*/);
    const g = runCli(['gate', path.join(merged, 'comparison.json'), '--policy', lenient], { env });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/cannot gate a partial comparison/);
    expect(g.stderr).toMatch(/fix: .*heldout merge/);
  });

  it('compare of a --limit 2 run with a --limit 20 run says it paired 2 items', () => {
    const two = run(['--limit', '2']);
    const out = tmpDir('cmp');
    const r = runCli(['compare', path.join(two, 'results/base.json'), path.join(full, 'results/tuned.json'), '--out', out], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/partial comparison: toy-sentiment: 2 items paired \(base has 2, tuned 20\)/);
    expect(comparison(out).pairing.tasks).toEqual([{ task: 'toy-sentiment', paired: 2, baseline: 2, candidate: 20, templates: 3 }]);
  });

  it('gate shard1/comparison.json is refused: the comparison records its shard', () => {
    const shard = run(['--limit', '20', '--shard', '1/2']);
    expect(comparison(shard).pairing.shards).toEqual({ baseline: { of: 2, included: [1] }, candidate: { of: 2, included: [1] } });
    const g = runCli(['gate', path.join(shard, 'comparison.json'), '--policy', lenient], { env });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/partial comparison: .*holds shard 1 of 2/);
    const allowed = runCli(['gate', path.join(shard, 'comparison.json'), '--policy', lenient, '--allow-partial', '--out', tmpDir('junit')], { env });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/judged on a partial comparison/);
  });

  it('no_regression against a 2-item results file of another benchmark does not pass on the overlap', () => {
    const bench = path.join(tmpDir('other'), 'other.yaml');
    const smoke = readFileSync(path.join(ROOT, 'benchmarks/smoke.yaml'), 'utf8')
      .replace('name: smoke', 'name: other').replaceAll('../', `${path.relative(path.dirname(bench), ROOT)}/`).replace(/\ngate:[\s\S]*$/, '\n');
    writeFileSync(bench, smoke);
    const other = tmpDir('other-run');
    const o = runCli(['run', bench, '--tasks', 'toy-sentiment', '--limit', '2', '--out', other], { env });
    expect(o.code, o.stderr).toBe(0);
    const policy = policyFile(`rules:\n  - scope: task:toy-sentiment\n    no_regression: { against: ${path.join(other, 'results/tuned.json')} }\n`);
    const g = runCli(['gate', path.join(full, 'comparison.json'), '--policy', policy, '--out', tmpDir('junit')], { env });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/benchmark "other", not "smoke"; toy-sentiment: 2 of 20 items paired/);
  });
});
