/**
 * The README's workflow that uses the action, run end to end on this machine against the shipped pair:
 * the action's script steps for real (built as the install step builds them), the GitHub parts faked —
 * step summary, event payload, repository, token — and a 127.0.0.1 server standing in for the comments API.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { startCommentsServer, type CommentsServer } from './comments-server.js';
import { runWorkflow, type JobRun, type RunnerOptions } from './local-runner.js';

const REPO = 'octo/heldout-demo';
const TOKEN = 'ghs_local_test_token';
const PR = 12;
const root = mkdtempSync(path.join(tmpdir(), 'heldout-workflow-'));
const actionDir = path.join(root, 'action');
const workspace = path.join(root, 'workspace');
const caches = path.join(root, 'caches');
let server: CommentsServer;
let runNumber = 0;

/** The README's ```yaml blocks that use the action, in order. */
function readmeWorkflows(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => y.includes('heldout@v0') && y.includes('jobs:'));
}

function run(workflow: string, token = TOKEN): Promise<JobRun[]> {
  runNumber++;
  const opts: RunnerOptions = {
    actionDir, workspace, caches, artifacts: path.join(root, `artifacts-${runNumber}`), token, skip: ['install'],
    // Each job starts from a fresh checkout: nothing of an earlier job's run directory is left.
    beforeJob: () => { for (const f of readdirSync(workspace)) if (f.startsWith('heldout-')) rmSync(path.join(workspace, f), { recursive: true, force: true }); },
    env: {
      CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(root, 'event.json'),
      GITHUB_REPOSITORY: REPO, GITHUB_API_URL: server.url, GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: String(9000 + runNumber),
      GITHUB_SHA: '0123456789abcdef', GITHUB_WORKSPACE: workspace, RUNNER_OS: 'Linux',
    },
  };
  mkdirSync(opts.artifacts, { recursive: true });
  return runWorkflow(workflow, opts);
}

/**
 * The README's minimal workflow with `args: --limit 16` added: the same steps against the shipped
 * pair, on the first 16 items of each task (the full smoke run is `npm start`'s and the e2e tests');
 * everything this file checks is about the steps, not the numbers.
 */
const minimal = (): string => {
  const w = readmeWorkflows()[0]!;
  expect(w).toContain('          benchmark: benchmarks/smoke.yaml\n');
  return w.replace('          benchmark: benchmarks/smoke.yaml\n', '          benchmark: benchmarks/smoke.yaml\n          args: --limit 16\n');
};

/** The smoke benchmark's own gate verdict, as the last run uploaded it. */
const verdict = (): boolean => JSON.parse(readFileSync(path.join(root, `artifacts-${runNumber}`, 'heldout-smoke', 'gate.json'), 'utf8')).passed;
const log = (job: JobRun) => job.steps.map((s) => `${s.stdout}${s.stderr}`).join('\n');
const comments = () => server.comments.get(PR) ?? [];

beforeAll(async () => {
  // What `uses: <owner>/heldout@v0` checks out, after its install step (npm ci && npm run build).
  mkdirSync(actionDir, { recursive: true });
  for (const f of ['action.yml', 'package.json']) copyFileSync(path.join(ROOT, f), path.join(actionDir, f));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(actionDir, 'node_modules'));
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(actionDir, 'dist')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  // A checkout of a repository that has heldout's shipped benchmark, tasks and models.
  mkdirSync(workspace);
  for (const d of ['benchmarks', 'tasks', 'models']) symlinkSync(path.join(ROOT, d), path.join(workspace, d));
  writeFileSync(path.join(workspace, 'strict.yaml'), 'rules:\n  - name: tuned far ahead on held-out tasks\n    scope: held-out\n    min_gain: 0.5\n');
  writeFileSync(path.join(root, 'event.json'), JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR } }));
  server = await startCommentsServer({ repo: REPO, token: TOKEN });
}, 600_000);

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the README workflow, run locally', () => {
  it('the README shows a workflow that uses the action', () => {
    const [minimal] = readmeWorkflows();
    expect(minimal).toContain('uses: <owner>/heldout@v0');
    expect(minimal).toContain('benchmark: benchmarks/smoke.yaml');
  });

  it('first run: evaluates, gates (exit = verdict), writes the summary, uploads the run, saves the cache and creates the comment', async () => {
    const [job] = await run(minimal());
    const passed = verdict();
    expect(job!.exitCode, log(job!)).toBe(passed ? 0 : 1);
    expect(job!.failed).toBe(!passed);
    expect(comments()).toHaveLength(1);
    const body = comments()[0]!.body;
    expect(body.startsWith(`<!-- heldout-action: smoke -->\n## heldout gate: ${passed ? 'passed ✅' : 'FAILED ❌'}`)).toBe(true);
    expect(job!.summary).toBe(`${body.slice(body.indexOf('\n') + 1)}\n`);
    expect(job!.summary.split('## heldout gate').length - 1).toBe(1); // heldout itself did not write a second one
    const artifact = path.join(root, `artifacts-${runNumber}`, 'heldout-smoke');
    for (const f of ['comparison.json', 'gate.json', 'report.html', 'results/tuned.json', 'run.json']) expect(existsSync(path.join(artifact, f)), f).toBe(true);
    expect(readdirSync(caches)).toHaveLength(1);
    expect(readdirSync(caches)[0]).toMatch(/^heldout-Linux-smoke-[0-9a-f]{16}-[0-9a-f]{16}$/);
  }, 900_000);

  it('second run: restores the cache (nothing asked again) and edits the same comment', async () => {
    const [job] = await run(minimal());
    expect(job!.exitCode, log(job!)).toBe(verdict() ? 0 : 1);
    const counts = [...log(job!).matchAll(/(\d+)\/(\d+) requests \((\d+) from cache\)/g)].filter((m) => m[1] === m[2]);
    expect(counts.length).toBeGreaterThan(0);
    for (const m of counts) expect(m[3]).toBe(m[2]);
    expect(comments()).toHaveLength(1);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
  }, 900_000);

  it('token-less run: skips the comment with a notice and keeps the gate\'s exit code', async () => {
    const before = server.requests.length;
    const [job] = await run(minimal(), '');
    expect(job!.exitCode).toBe(verdict() ? 0 : 1);
    expect(log(job!)).toContain('::notice title=heldout::no token: not commenting on the pull request');
    const strict = minimal().replace('benchmark: benchmarks/smoke.yaml', 'benchmark: benchmarks/smoke.yaml\n          policy: strict.yaml');
    const [failing] = await run(strict, '');
    expect(failing!.exitCode).toBe(1);
    expect(failing!.failed).toBe(true);
    expect(log(failing!)).toContain('::error title=heldout gate::tuned far ahead on held-out tasks (held-out, primary)');
    expect(log(failing!)).toContain('::notice title=heldout::no token');
    expect(failing!.summary).toContain('## heldout gate: FAILED ❌');
    expect(server.requests.length).toBe(before);
    // The run directory is uploaded whatever the gate said.
    expect(existsSync(path.join(root, `artifacts-${runNumber}`, 'heldout-smoke', 'gate.json'))).toBe(true);
  }, 900_000);

  it('sharded: two shard jobs upload their halves; the merge job merges, gates and edits the comment', async () => {
    const sharded = readmeWorkflows().find((w) => w.includes('matrix:'))!
      .replaceAll('benchmarks/heldout.yaml', 'benchmarks/smoke.yaml')
      .replace(/ {10}models: \|\n( {12}.*\n)+/, '          args: --tasks toy-sentiment toy-news-topic --limit 12\n')
      .replace('shard: [1, 2, 3, 4]', 'shard: [1, 2]').replaceAll('shards: 4', 'shards: 2')
      .replace('policy: gate.yaml', 'policy: strict.yaml');
    const jobs = await run(sharded);
    expect(jobs.map((j) => `${j.job}${j.matrix.shard ?? ''}`)).toEqual(['evaluate1', 'evaluate2', 'gate']);
    expect(jobs.slice(0, 2).map((j) => j.exitCode)).toEqual([0, 0]);
    const artifacts = readdirSync(path.join(root, `artifacts-${runNumber}`)).sort();
    expect(artifacts).toEqual(['heldout-smoke', 'heldout-smoke-shard-1', 'heldout-smoke-shard-2']);
    const gate = jobs[2]!;
    expect(gate.exitCode, log(gate)).toBe(1);
    const merged = JSON.parse(readFileSync(path.join(root, `artifacts-${runNumber}`, 'heldout-smoke', 'comparison.json'), 'utf8'));
    expect(merged.tasks.filter((t: { primary: boolean }) => t.primary).map((t: { task: string }) => t.task).sort()).toEqual(['toy-news-topic', 'toy-sentiment']);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.body).toContain('## heldout gate: FAILED ❌');
    expect(jobs[0]!.summary).toContain('shard 1 of 2 evaluated');
  }, 900_000);
});
