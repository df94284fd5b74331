/**
 * Runs a workflow's jobs on this machine the way a GitHub runner would run heldout's action:
 * the composite action's `run:` steps for real (bash, -eo pipefail, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY),
 * and the actions it uses (checkout, setup-node, cache, upload/download-artifact) as local copies.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, interpolate, type Context, type Status } from './expressions.js';

export interface RunnerOptions {
  /** Folder holding action.yml and the built dist/ (what `uses: <owner>/heldout@v0` checks out). */
  actionDir: string;
  workspace: string;
  /** Caches live here between runs (actions/cache). */
  caches: string;
  /** This workflow run's artifacts (upload-/download-artifact). */
  artifacts: string;
  /** GITHUB_* variables (event, repository, API URL…) and anything else the steps should see. */
  env: Record<string, string>;
  /** github.token */
  token: string;
  /** Step ids of the action not to run (e.g. install: dist is built beforehand). */
  skip?: string[];
  /** Called before each job (a fresh runner: e.g. remove what the last job left in the workspace). */
  beforeJob?: () => void;
}

export interface StepLog { name: string; status: 'ok' | 'failed' | 'skipped'; stdout: string; stderr: string; code?: number }
export interface JobRun { job: string; matrix: Record<string, unknown>; failed: boolean; steps: StepLog[]; summary: string; exitCode: number }

type Step = { id?: string; name?: string; if?: unknown; uses?: string; run?: string; shell?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; 'working-directory'?: string };

function stepName(s: Step): string {
  return s.name ?? s.id ?? s.uses ?? s.run?.split('\n')[0] ?? 'step';
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = line.match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

interface JobState { opts: RunnerOptions; summaryFile: string; temp: string; logs: StepLog[] }

/** One `run:` step: bash as the runner starts it, asynchronously (a server in this process keeps answering). */
async function shell(state: JobState, script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }> {
  const dir = mkdtempSync(path.join(state.temp, 'step-'));
  const file = path.join(dir, 'script.sh');
  const outputFile = path.join(dir, 'output');
  writeFileSync(file, script);
  writeFileSync(outputFile, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...state.opts.env, ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: state.summaryFile, RUNNER_TEMP: state.temp },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr, outputs: readOutputs(outputFile) };
}

function copyMatching(from: string, names: string[], to: string): void {
  for (const name of names) cpSync(path.join(from, name), path.join(to, name), { recursive: true });
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The actions heldout's action and workflows use, done locally. */
function localAction(state: JobState, uses: string, w: Record<string, string>, cwd: string): Record<string, string> {
  const { caches, artifacts } = state.opts;
  const at = (p: string) => path.resolve(cwd, p);
  const name = uses.replace(/@.*$/, '');
  if (name === 'actions/checkout' || name === 'actions/setup-node') return {};
  if (name === 'actions/cache/restore') {
    const keys = existsSync(caches) ? readdirSync(caches).sort((a, b) => statSync(path.join(caches, b)).mtimeMs - statSync(path.join(caches, a)).mtimeMs) : [];
    const hit = keys.find((k) => k === w.key) ?? (w['restore-keys'] ?? '').split('\n').filter(Boolean).map((p) => keys.find((k) => k.startsWith(p))).find(Boolean);
    if (hit) cpSync(path.join(caches, hit), at(w.path!), { recursive: true });
    return { 'cache-hit': String(hit === w.key), 'cache-matched-key': hit ?? '' };
  }
  if (name === 'actions/cache/save') {
    const dest = path.join(caches, w.key!);
    if (!existsSync(dest) && existsSync(at(w.path!))) cpSync(at(w.path!), dest, { recursive: true });
    return {};
  }
  if (name === 'actions/upload-artifact') {
    const dest = path.join(artifacts, w.name!);
    if (existsSync(dest)) throw new Error(`an artifact named ${w.name} was already uploaded in this run`);
    if (existsSync(at(w.path!))) cpSync(at(w.path!), dest, { recursive: true });
    return {};
  }
  if (name === 'actions/download-artifact') {
    const dir = artifacts;
    const re = globToRegExp(w.pattern ?? '*');
    mkdirSync(at(w.path ?? '.'), { recursive: true });
    copyMatching(dir, existsSync(dir) ? readdirSync(dir).filter((n) => re.test(n)) : [], at(w.path ?? '.'));
    return {};
  }
  throw new Error(`the local runner does not know ${uses}`);
}

function withValues(step: Step, ctx: Context, status: Status): Record<string, string> {
  return Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx, status)]));
}

/** Run heldout's composite action with these inputs; returns its outputs. */
async function runComposite(state: JobState, inputs: Record<string, string>, outer: Context): Promise<{ outputs: Record<string, string>; failed: boolean }> {
  const action = parse(readFileSync(path.join(state.opts.actionDir, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: Record<string, { value: string }>; runs: { steps: Step[] } };
  const github = { ...(outer.github as object), action_path: state.opts.actionDir };
  const resolved: Record<string, string> = {};
  for (const [k, spec] of Object.entries(action.inputs)) resolved[k] = inputs[k] ?? interpolate(String(spec.default ?? ''), { ...outer, github });
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const ctx: Context = { ...outer, github, inputs: resolved, steps };
  const status: Status = { failed: false };
  for (const step of action.runs.steps) {
    const name = `heldout/${stepName(step)}`;
    if ((step.id && state.opts.skip?.includes(step.id)) || !condition(step.if, ctx, status)) {
      state.logs.push({ name, status: 'skipped', stdout: '', stderr: '' });
      continue;
    }
    const outputs = await runStep(state, step, ctx, status, { GITHUB_ACTION_PATH: state.opts.actionDir }, name);
    if (step.id) steps[step.id] = { outputs };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx, status)]));
  return { outputs, failed: status.failed };
}

async function runStep(state: JobState, step: Step, ctx: Context, status: Status, extraEnv: Record<string, string>, name: string): Promise<Record<string, string>> {
  const cwd = step['working-directory'] ? path.resolve(state.opts.workspace, interpolate(step['working-directory'], ctx, status)) : state.opts.workspace;
  if (step.run !== undefined) {
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx, status)]));
    const r = await shell(state, interpolate(step.run, ctx, status), { ...extraEnv, ...env }, cwd);
    state.logs.push({ name, status: r.code === 0 ? 'ok' : 'failed', stdout: r.stdout, stderr: r.stderr, code: r.code });
    if (r.code !== 0) status.failed = true;
    return r.outputs;
  }
  const w = withValues(step, ctx, status);
  if (/^[^/]+\/heldout@/.test(step.uses ?? '') || step.uses === './') {
    const r = await runComposite(state, w, ctx);
    if (r.failed) status.failed = true;
    state.logs.push({ name, status: r.failed ? 'failed' : 'ok', stdout: '', stderr: '' });
    return r.outputs;
  }
  const outputs = localAction(state, step.uses!, w, cwd);
  state.logs.push({ name, status: 'ok', stdout: '', stderr: '' });
  return outputs;
}

type Job = { needs?: string | string[]; strategy?: { matrix?: Record<string, unknown[]> }; steps: Step[] };

function matrixRuns(job: Job): Record<string, unknown>[] {
  const m = job.strategy?.matrix;
  if (!m) return [{}];
  const [key, values] = Object.entries(m)[0]!;
  return values.map((v) => ({ [key]: v }));
}

/** Run a workflow (YAML text): jobs in `needs` order, each matrix entry one job run. */
export async function runWorkflow(yamlText: string, opts: RunnerOptions): Promise<JobRun[]> {
  const wf = parse(yamlText) as { jobs: Record<string, Job> };
  const done = new Set<string>();
  const runs: JobRun[] = [];
  const names = Object.keys(wf.jobs);
  while (done.size < names.length) {
    const next = names.find((n) => !done.has(n) && [wf.jobs[n]!.needs ?? []].flat().every((d) => done.has(d)));
    if (!next) throw new Error('jobs depend on each other in a cycle');
    for (const matrix of matrixRuns(wf.jobs[next]!)) runs.push(await runJob(next, wf.jobs[next]!, matrix, opts));
    done.add(next);
  }
  return runs;
}

async function runJob(name: string, job: Job, matrix: Record<string, unknown>, opts: RunnerOptions): Promise<JobRun> {
  opts.beforeJob?.();
  const temp = mkdtempSync(path.join(tmpdir(), 'heldout-runner-temp-'));
  const summaryFile = path.join(temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const state: JobState = { opts, summaryFile, temp, logs: [] };
  const github = { token: opts.token, event_name: opts.env.GITHUB_EVENT_NAME, repository: opts.env.GITHUB_REPOSITORY, workspace: opts.workspace };
  const ctx: Context = { github, runner: { os: 'Linux', temp }, matrix, secrets: { GITHUB_TOKEN: opts.token }, env: opts.env, steps: {} };
  const status: Status = { failed: false };
  for (const step of job.steps) {
    if (!condition(step.if, ctx, status)) { state.logs.push({ name: stepName(step), status: 'skipped', stdout: '', stderr: '' }); continue; }
    const outputs = await runStep(state, step, ctx, status, {}, stepName(step));
    if (step.id) (ctx.steps as Record<string, unknown>)[step.id] = { outputs };
  }
  const exitLine = state.logs.filter((l) => l.name.endsWith("Exit with the gate's code")).pop();
  const code = exitLine?.code ?? NaN;
  return { job: name, matrix, failed: status.failed, steps: state.logs, summary: readFileSync(summaryFile, 'utf8'), exitCode: code };
}
