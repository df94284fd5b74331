/** The action's script parts: inputs, the run/merge/gate sequence, the summary and comment, the token-less path. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { upsertComment, pullRequestNumber } from '../../src/action/comment.js';
import { evaluateAction } from '../../src/action/evaluate.js';
import { outputLines } from '../../src/action/outputs.js';
import { parseModels, planAction, type ActionPlan } from '../../src/action/plan.js';
import { runSequence, type RunHeldout } from '../../src/action/sequence.js';
import { commentMarker } from '../../src/action/summary.js';
import { renderStepSummary } from '../../src/report/github.js';
import { writeRun } from '../view/fixture.js';
import { startCommentsServer } from './comments-server.js';

const dirs: string[] = [];
const tmp = (name: string) => { const d = mkdtempSync(path.join(tmpdir(), `heldout-action-${name}-`)); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function benchmarkFile(gate: boolean): string {
  const file = path.join(tmp('bench'), 'bench.yaml');
  writeFileSync(file, `name: ci-bench
tasks: ["tasks/*/task.yaml"]
models:
  base: { source: ./base, format: plain }
  tuned: { source: ./tuned, format: chat }
compare: { baseline: base, candidate: tuned }
${gate ? 'gate:\n  rules:\n    - { scope: overall, min_gain: 0.0 }\n' : ''}`);
  return file;
}

const env = (inputs: Record<string, string>, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`HELDOUT_ACTION_${k.toUpperCase()}`, v])), GITHUB_EVENT_NAME: 'pull_request', ...extra,
});

/** A heldout stand-in: records the calls and answers with the given exit codes in turn. */
function fakeHeldout(codes: (number | null)[], stderr = ''): { run: RunHeldout; calls: string[][] } {
  const calls: string[][] = [];
  return { calls, run: async (args) => { calls.push(args); const i = calls.length - 1; return { code: i < codes.length ? codes[i]! : 0, stderr }; } };
}

describe('the action inputs', () => {
  it('evaluates the whole benchmark by default, one shard with shard+shards, and merges with shards alone', async () => {
    const bench = benchmarkFile(true);
    const whole = await planAction(env({ benchmark: bench }));
    expect(whole).toMatchObject({ mode: 'whole', benchmarkName: 'ci-bench', outDir: 'heldout-ci-bench', artifact: 'heldout-ci-bench', cache: true, comment: true, inlineGate: true });
    const shard = await planAction(env({ benchmark: bench, shard: '2', shards: '4' }));
    expect(shard).toMatchObject({ mode: 'shard', shard: { index: 2, count: 4 }, artifact: 'heldout-ci-bench-shard-2', comment: false });
    const merge = await planAction(env({ benchmark: bench, shards: '4' }, { RUNNER_TEMP: '/runner/tmp' }));
    expect(merge).toMatchObject({ mode: 'merge', shards: 4, shardPattern: 'heldout-ci-bench-shard-*', shardsDir: '/runner/tmp/heldout-ci-bench-shards', cache: false });
    expect((await planAction(env({ benchmark: bench }, { GITHUB_EVENT_NAME: 'push' }))).comment).toBe(false);
    expect((await planAction(env({ benchmark: bench, comment: 'false' }))).comment).toBe(false);
  });

  it('names the input and the fix for bad values', async () => {
    const bench = benchmarkFile(false);
    await expect(planAction(env({ benchmark: bench, shard: '2' }))).rejects.toThrow('action input shard needs shards');
    await expect(planAction(env({ benchmark: bench, shard: '5', shards: '4' }))).rejects.toThrow('shard: 5 is more than shards: 4');
    await expect(planAction(env({ benchmark: bench, shards: 'four' }))).rejects.toThrow('shards: "four" is not a whole number');
    await expect(planAction(env({ benchmark: bench, cache: 'yes' }))).rejects.toThrow('cache: "yes" is not true or false');
    await expect(planAction(env({ benchmark: '' }))).rejects.toThrow('action input benchmark is empty');
    await expect(planAction(env({ benchmark: 'missing.yaml' }))).rejects.toThrow(/missing\.yaml/);
    expect(() => parseModels('base=./a\n\n# note\ntuned ./b')).toThrow('action input models, line 4: "tuned ./b" is not NAME=SOURCE');
    expect(parseModels(' base=./a \ntuned=org/model\n')).toEqual(['base=./a', 'tuned=org/model']);
  });
});

describe('the run / merge / gate sequence', () => {
  const plan = async (inputs: Record<string, string>, gate = true): Promise<ActionPlan> => planAction(env({ benchmark: benchmarkFile(gate), ...inputs }, { RUNNER_TEMP: tmp('runner') }));

  it('runs once with the benchmark\'s own gate, and its exit code is the result', async () => {
    const p = await plan({ models: 'tuned=./exports/tuned' });
    const h = fakeHeldout([1]);
    const out = await runSequence(p, h.run);
    expect(h.calls).toEqual([['run', p.benchmarkFile, '--model', 'tuned=./exports/tuned', '--out', 'heldout-ci-bench']]);
    expect(out).toMatchObject({ exitCode: 1, gated: true });
  });

  it('gates with the policy instead of the benchmark\'s own gate', async () => {
    const p = await plan({ policy: 'gate.yaml', args: '--limit 20  --threads 2' });
    const h = fakeHeldout([0, 0]);
    const out = await runSequence(p, h.run);
    expect(h.calls).toEqual([
      ['run', p.benchmarkFile, '--no-gate', '--limit', '20', '--threads', '2', '--out', 'heldout-ci-bench'],
      ['gate', path.join('heldout-ci-bench', 'comparison.json'), '--policy', 'gate.yaml'],
    ]);
    expect(out.exitCode).toBe(0);
    expect((await runSequence(p, fakeHeldout([0, 1]).run)).exitCode).toBe(1);
  });

  it('stops at a failed command with exit 2 and the end of what it printed', async () => {
    const p = await plan({ policy: 'gate.yaml' });
    const h = fakeHeldout([2], 'loading…\nerror: models/tuned/config.json not found\n  fix: export the model\n');
    const out = await runSequence(p, h.run);
    expect(h.calls).toHaveLength(1);
    expect(out.exitCode).toBe(2);
    expect(out.failure?.message).toContain('error: models/tuned/config.json not found');
    expect((await runSequence(p, fakeHeldout([null]).run)).exitCode).toBe(2); // killed
  });

  it('evaluates a shard without gating it', async () => {
    const p = await plan({ shard: '3', shards: '4', policy: 'gate.yaml' });
    const h = fakeHeldout([0]);
    expect((await runSequence(p, h.run)).exitCode).toBe(0);
    expect(h.calls).toEqual([['run', p.benchmarkFile, '--shard', '3/4', '--out', 'heldout-ci-bench-shard-3']]);
  });

  it('merges the downloaded shards, then gates with the benchmark\'s gate section', async () => {
    const p = await plan({ shards: '2' });
    for (const n of [2, 1]) mkdirSync(path.join(p.shardsDir, `heldout-ci-bench-shard-${n}`), { recursive: true });
    const h = fakeHeldout([0, 1]);
    const out = await runSequence(p, h.run);
    expect(h.calls).toEqual([
      ['merge', path.join(p.shardsDir, 'heldout-ci-bench-shard-1'), path.join(p.shardsDir, 'heldout-ci-bench-shard-2'), '--out', 'heldout-ci-bench'],
      ['gate', path.join('heldout-ci-bench', 'comparison.json'), '--policy', p.benchmarkFile],
    ]);
    expect(out.exitCode).toBe(1);
  });

  it('refuses to merge when a shard is missing', async () => {
    const p = await plan({ shards: '3' });
    mkdirSync(path.join(p.shardsDir, 'heldout-ci-bench-shard-1'), { recursive: true });
    const h = fakeHeldout([]);
    const out = await runSequence(p, h.run);
    expect(h.calls).toEqual([]);
    expect(out.exitCode).toBe(2);
    expect(out.failure?.message).toContain('expected 3 shard artifacts (heldout-ci-bench-shard-*)');
  });
});

describe('the summary and the comment', () => {
  const repo = 'octo/models';
  const token = 'ghs_test_token';

  async function setup(gate: 'pass' | 'fail') {
    const workspace = tmp('ws');
    const p = await planAction(env({ benchmark: benchmarkFile(false), out: path.join(workspace, 'run') }));
    writeRun(p.outDir, { gate });
    const event = path.join(workspace, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
    const summary = path.join(workspace, 'summary.md');
    writeFileSync(summary, '');
    return { p, event, summary };
  }

  it('writes the gate verdict to the step summary and posts the same Markdown once, marked; a rerun edits it', async () => {
    const server = await startCommentsServer({ repo, token });
    try {
      const { p, event, summary } = await setup('fail');
      const githubEnv = { GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: repo, GITHUB_API_URL: server.url, HELDOUT_ACTION_TOKEN: token, GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '42', GITHUB_SHA: 'abcdef1234567' };
      const first = await evaluateAction(p, { heldout: fakeHeldout([1]).run, env: githubEnv });
      expect(first.exitCode).toBe(1);
      expect(first.comment?.action).toBe('created');
      const [comment] = server.comments.get(7)!;
      expect(comment!.body).toBe(`${commentMarker('heldout-test')}\n${first.markdown}`.replace('heldout-test', p.benchmarkName));
      expect(readFileSync(summary, 'utf8')).toBe(`${first.markdown}\n`);
      expect(first.markdown).toContain('## heldout gate: FAILED ❌');
      expect(first.markdown).toContain('| **FAIL** | no regression |');
      expect(first.markdown).toContain('artifact `heldout-ci-bench` of [the workflow run](https://github.example/octo/models/actions/runs/42) · commit `abcdef1`');
      expect(first.lines).toEqual(['::error title=heldout gate::no regression (overall, primary): measured -5.0 pts, needs ≥ -1.0 pts: fell 5 pts', expect.stringMatching(/^::notice title=heldout::created the pull request comment https:/)]);
      expect(first.outputs).toMatchObject({ 'exit-code': '1', passed: 'false', 'comment-url': comment!.html_url });

      const second = await evaluateAction(p, { heldout: fakeHeldout([0]).run, env: githubEnv });
      expect(second.comment).toMatchObject({ action: 'updated', id: comment!.id });
      expect(server.comments.get(7)).toHaveLength(1);
      expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
      expect(server.requests.every((r) => r.auth === `Bearer ${token}`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('skips commenting with a notice when there is no token, and keeps the gate\'s exit code', async () => {
    const { p, event, summary } = await setup('fail');
    const out = await evaluateAction(p, { heldout: fakeHeldout([1]).run, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: repo, GITHUB_API_URL: 'http://127.0.0.1:9', HELDOUT_ACTION_TOKEN: '' } });
    expect(out.exitCode).toBe(1);
    expect(out.comment).toBeUndefined();
    expect(out.lines).toContain('::notice title=heldout::no token: not commenting on the pull request (pass token:, or give the job permissions: pull-requests: write)');
    expect(readFileSync(summary, 'utf8')).toContain('## heldout gate: FAILED ❌');
  });

  it('warns and carries on when the API refuses (a read-only token) or is unreachable', async () => {
    const server = await startCommentsServer({ repo, token });
    try {
      server.failWith = 403;
      const { p, event, summary } = await setup('pass');
      const base = { GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: repo, HELDOUT_ACTION_TOKEN: token };
      const refused = await evaluateAction(p, { heldout: fakeHeldout([0]).run, env: { ...base, GITHUB_API_URL: server.url } });
      expect(refused.exitCode).toBe(0);
      expect(refused.lines.join('\n')).toMatch(/::warning title=heldout::could not comment on pull request #7: GET .* HTTP 403 .*pull-requests: write/);
      const down = await evaluateAction(p, { heldout: fakeHeldout([0]).run, env: { ...base, GITHUB_API_URL: 'http://127.0.0.1:9' } });
      expect(down.exitCode).toBe(0);
      expect(down.lines.join('\n')).toContain('::warning title=heldout::could not comment on pull request #7');
    } finally {
      await server.close();
    }
  });

  it('finds its comment among many and leaves the others alone', async () => {
    const server = await startCommentsServer({ repo, token });
    try {
      const marker = commentMarker('ci-bench');
      server.comments.set(3, [...Array.from({ length: 130 }, (_, i) => ({ id: i + 1, body: `chatter ${i}`, html_url: '' })), { id: 500, body: `${marker}\nold`, html_url: 'u' }]);
      const r = await upsertComment({ api: server.url, repo, issue: 3, token }, marker, 'new text');
      expect(r).toMatchObject({ action: 'updated', id: 500 });
      expect(server.comments.get(3)!.find((c) => c.id === 500)!.body).toBe(`${marker}\nnew text`);
      expect(server.comments.get(3)!.filter((c) => c.body.startsWith('chatter'))).toHaveLength(130);
      expect(commentMarker('other-bench')).not.toBe(marker);
    } finally {
      await server.close();
    }
  });

  it('says why a run could not be evaluated, in the summary and as an annotation', async () => {
    const { p, summary } = await setup('pass');
    const out = await evaluateAction({ ...p, comment: false }, { heldout: fakeHeldout([2], 'error: benchmarks/x.yaml:3 models: name at least one model\n').run, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(out.exitCode).toBe(2);
    expect(out.markdown).toContain('could not be evaluated (exit 2)');
    expect(out.markdown).toContain('```\nerror: benchmarks/x.yaml:3 models: name at least one model\n```');
    expect(out.lines).toEqual(['::error title=heldout::error: benchmarks/x.yaml:3 models: name at least one model']);
  });

  it('uses the step summary\'s own renderer, and reads the pull request number from the event', async () => {
    const { p, event } = await setup('pass');
    const out = await evaluateAction({ ...p, comment: false }, { heldout: fakeHeldout([0]).run, env: {} });
    const comparison = JSON.parse(readFileSync(path.join(p.outDir, 'comparison.json'), 'utf8'));
    const gate = JSON.parse(readFileSync(path.join(p.outDir, 'gate.json'), 'utf8'));
    expect(out.markdown.startsWith(renderStepSummary({ comparison, gate }))).toBe(true);
    expect(await pullRequestNumber(event)).toBe(7);
    expect(await pullRequestNumber(undefined)).toBeNull();
  });
});

describe('step outputs', () => {
  it('writes one-line values as name=value and multi-line ones as a heredoc', () => {
    const text = outputLines({ key: 'abc', 'restore-keys': 'a-\nb-' });
    expect(text).toMatch(/^key=abc\nrestore-keys<<(EOF_[0-9a-f]{16})\na-\nb-\n\1\n$/);
  });
});
