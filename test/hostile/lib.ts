/**
 * Tools of the hostile campaign (#19): temp dirs holding copies of the toy tasks and a benchmark
 * pointing at the shipped models by path, the real CLI run in a child process, and the checks a
 * case makes (exit code, a message naming the file and a fix, what is on disk afterwards).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, TSX } from '../helpers/cli.js';

export { ROOT };

export interface Outcome { exit: number | null; problems: string[]; note?: string }

export interface HostileCase {
  item: string;
  name: string;
  /** What a sound heldout does, for the table ("exit 2, names T, T unchanged"). */
  expected: string;
  /** In the subset `npm test` runs. */
  fast?: boolean;
  run(ctx: Ctx): Promise<Outcome>;
}

export interface Ctx { tmp: (name: string) => string; cache: string }

const made: string[] = [];
export function tmp(name: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), `heldout-hostile-${name}-`));
  made.push(d);
  return d;
}
export function cleanupAll(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface Cli { code: number | null; stdout: string; stderr: string; all: string }

export function cli(args: string[], opts: { cwd?: string; cache?: string; env?: NodeJS.ProcessEnv } = {}): Cli {
  const r = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: opts.cwd ?? os.tmpdir(),
    env: { ...process.env, NO_COLOR: '1', CI: 'true', HELDOUT_CACHE_DIR: opts.cache ?? tmp('cache'), ...opts.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

/** Start the CLI, wait until `when` holds on disk, then send `signal`. */
export async function interrupted(args: string[], cache: string, when: () => boolean, signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: string | null; landed: boolean; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1', CI: 'true', HELDOUT_CACHE_DIR: cache }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const done = new Promise<[number | null, string | null]>((res) => child.on('exit', (c, s) => res([c, s])));
  let ended = false;
  void done.then(() => { ended = true; });
  let landed = false;
  const start = Date.now();
  while (!ended && Date.now() - start < 120_000) {
    if (when()) { landed = true; break; }
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!ended) child.kill(signal);
  const [code, sig] = await done;
  return { code, signal: sig, landed, stderr };
}

export const TOY = path.join(ROOT, 'tasks/toy');
export const BASE = path.join(ROOT, 'models/tiny-base');
export const TUNED = path.join(ROOT, 'models/tiny-tuned');

/** Copy toy tasks into `dir/tasks/<id>`; returns the dir. */
export function copyTasks(dir: string, ids: string[]): string {
  for (const id of ids) cpSync(path.join(TOY, id), path.join(dir, 'tasks', id), { recursive: true });
  return dir;
}

export interface BenchOpts { tasks?: string; base?: string; tuned?: string; extra?: string; gate?: string; name?: string }

/** A benchmark like smoke.yaml with absolute paths (tasks default to the repo's toy tasks). */
export function bench(dir: string, o: BenchOpts = {}): string {
  const file = path.join(dir, 'bench.yaml');
  writeFileSync(file, [
    `name: ${o.name ?? 'hostile'}`,
    `tasks: ["${o.tasks ?? `${TOY}/*/task.yaml`}"]`,
    'models:',
    `  base: { source: ${o.base ?? BASE}, format: plain }`,
    `  tuned: { source: ${o.tuned ?? TUNED}, format: chat }`,
    'compare: { baseline: base, candidate: tuned }',
    'seed: 1234',
    'generation: { batch_size: 16 }',
    o.extra ?? '',
    o.gate ?? 'gate:\n  rules:\n    - { name: ahead, scope: overall, min_gain: -1 }',
    '',
  ].join('\n'));
  return file;
}

/** `run bench --tasks … --limit … --out …` arguments. */
export const runArgs = (benchFile: string, out: string, tasks = 'toy-sentiment', limit = 3, more: string[] = []) =>
  ['run', benchFile, ...tasks.split(',').flatMap((t) => ['--tasks', t]), '--limit', String(limit), '--out', out, '--no-gate', ...more];

// ---- on-disk facts ----

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Readable record lines per sample log `model/file` (glued records counted by key). */
export function recordCounts(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const samples = path.join(dir, 'samples');
  if (!existsSync(samples)) return out;
  for (const m of readdirSync(samples)) {
    for (const f of readdirSync(path.join(samples, m)).filter((n) => n.endsWith('.jsonl') && !n.endsWith('.corrupt.jsonl'))) {
      const text = readFileSync(path.join(samples, m, f), 'utf8');
      out[`${m}/${f}`] = (text.match(/"key":"/g) ?? []).length;
    }
  }
  return out;
}

export function totalRecords(dir: string): number {
  return Object.values(recordCounts(dir)).reduce((a, b) => a + b, 0);
}

/** Distinct keys held by a model's sample logs. */
export function keysOf(dir: string, model: string): Set<string> {
  const keys = new Set<string>();
  const d = path.join(dir, 'samples', model);
  if (!existsSync(d)) return keys;
  for (const f of readdirSync(d).filter((n) => n.endsWith('.jsonl') && !n.endsWith('.corrupt.jsonl'))) {
    for (const m of readFileSync(path.join(d, f), 'utf8').matchAll(/"key":"([^"]+)"/g)) keys.add(m[1]!);
  }
  return keys;
}

/** Every file under dir → its bytes, for "nothing was changed" checks. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name !== '.lock') out.set(path.relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** fingerprint of results/<model>.json and of the run.json entry for it. */
export function fingerprints(dir: string, model: string): { results?: string; manifest?: string } {
  const r = path.join(dir, 'results', `${model}.json`);
  const m = path.join(dir, 'run.json');
  const res = existsSync(r) ? readJson(r) : undefined;
  const man = existsSync(m) ? readJson(m) : undefined;
  return {
    results: res?.model?.fingerprint,
    manifest: man?.models?.find((x: any) => x.name === model)?.fingerprint,
  };
}

export function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// ---- checks ----

export class Check {
  problems: string[] = [];
  constructor(public r: Cli | { code: number | null; all: string }) {}
  exit(code: number): this {
    if (this.r.code !== code) this.problems.push(`exit ${this.r.code}, expected ${code}`);
    return this;
  }
  says(re: RegExp, what = String(re)): this {
    if (!re.test(this.r.all)) this.problems.push(`message lacks ${what}`);
    return this;
  }
  /** An error/warning line naming this path (any form: absolute, relative, basename). */
  names(p: string): this {
    const forms = [p, path.basename(p), path.relative(process.cwd(), p), path.relative(os.tmpdir(), p)];
    if (!forms.some((f) => f && this.r.all.includes(f))) this.problems.push(`message does not name ${path.basename(p)}`);
    return this;
  }
  noInternal(): this {
    if (/internal error|please report/i.test(this.r.all)) this.problems.push('internal error');
    return this;
  }
  /** A fix: the hint line heldout prints, or a verb telling the user what to do. */
  fix(): this {
    if (!/hint|fix|pass |use |add |remove |rename |write |set |run |choose |rerun|delete|did you mean|give |free |make |check |wait |try |move |drop |mark /i.test(this.r.all)) this.problems.push('no fix given');
    return this;
  }
  that(ok: boolean, problem: string): this {
    if (!ok) this.problems.push(problem);
    return this;
  }
  done(note?: string): Outcome {
    return { exit: this.r.code, problems: this.problems, note };
  }
}

export const check = (r: Cli | { code: number | null; all: string }) => new Check(r);

/** Clean bad-input refusal: exit 2, names the path, gives a fix, no internal error. */
export const refused = (r: Cli, p?: string, re?: RegExp) => {
  const c = check(r).exit(2).noInternal().fix();
  if (p) c.names(p);
  if (re) c.says(re);
  return c;
};
