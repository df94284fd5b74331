/** Helpers for tests that run heldout as a child process and look at run directories. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, TSX } from './cli.js';

export const tmpDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `heldout-${name}-`));

/** Start the CLI without waiting for it (to kill or signal it part way). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): ChildProcess & { done: Promise<number | null>; stderrText: () => string } {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
  return Object.assign(child, { done, stderrText: () => stderr });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `check` holds or the process ends; true when `check` held. */
export async function waitUntil(check: () => boolean, until: Promise<unknown>, timeoutMs = 120_000): Promise<boolean> {
  let ended = false;
  void until.then(() => { ended = true; });
  const started = Date.now();
  while (!ended && Date.now() - started < timeoutMs) {
    if (check()) return true;
    await sleep(10);
  }
  return check();
}

/** Readable lines of a file (0 when it does not exist). */
export function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length;
}

/** Every file under a directory → its bytes (as text), for "nothing was written" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** results/*.json and comparison.json of a run directory. */
export function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, 'results')).sort()) files[`results/${f}`] = readFileSync(path.join(dir, 'results', f), 'utf8');
  if (existsSync(path.join(dir, 'comparison.json'))) files['comparison.json'] = readFileSync(path.join(dir, 'comparison.json'), 'utf8');
  return files;
}

/** Record keys per sample log (`model/task.jsonl`), counting only lines that parse. */
export function recordKeys(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const samples = path.join(dir, 'samples');
  if (!existsSync(samples)) return out;
  for (const model of readdirSync(samples)) {
    for (const f of readdirSync(path.join(samples, model)).filter((n) => n.endsWith('.jsonl') && !n.endsWith('.corrupt.jsonl'))) {
      const keys: string[] = [];
      for (const line of readFileSync(path.join(samples, model, f), 'utf8').split('\n')) {
        try { const r = JSON.parse(line); if (r && typeof r.key === 'string') keys.push(r.key); } catch { /* not a record */ }
      }
      out[`${model}/${f}`] = keys;
    }
  }
  return out;
}
