/** Finding run directories under the folders `heldout view` is given, without writing anything. */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';

/** A run directory found under one of the roots, with the id its pages are named by. */
export interface FoundRun {
  id: string;
  dir: string;
}

/** Folders inside a run directory, and folders no run lives in. */
const SKIP = new Set(['samples', 'results', 'node_modules', '.git']);
const MAX_DEPTH = 8;

/** A folder holds a run when it has run.json, comparison.json or results/. */
export function isRunDir(dir: string): boolean {
  return ['run.json', 'comparison.json', 'results'].some((f) => existsSync(path.join(dir, f)));
}

/** Every run directory under the roots (a root may itself be one), with unique, URL-safe ids. */
export async function findRuns(roots: string[]): Promise<FoundRun[]> {
  const found: { root: string; dir: string }[] = [];
  for (const root of roots) {
    const abs = path.resolve(root);
    const info = await stat(abs).catch(() => null);
    if (!info?.isDirectory()) {
      throw new InputError(`${displayPath(abs)} is not a folder`, { file: abs, hint: 'name folders that hold run directories (default reports/), e.g. heldout view reports/' });
    }
    for (const dir of await walk(abs, 0)) found.push({ root: abs, dir });
  }
  const unique = [...new Map(found.map((f) => [f.dir, f])).values()];
  return assignIds(unique, roots.length > 1);
}

async function walk(dir: string, depth: number): Promise<string[]> {
  if (isRunDir(dir)) return [dir];
  if (depth >= MAX_DEPTH) return [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const subdirs = entries.filter((e) => e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')).map((e) => e.name).sort();
  const out: string[] = [];
  for (const name of subdirs) out.push(...(await walk(path.join(dir, name), depth + 1)));
  return out;
}

/** `reports/releases/v1.2` under root `reports` → `releases~v1.2`; a root that is a run is named by its folder. */
function assignIds(runs: { root: string; dir: string }[], prefixRoot: boolean): FoundRun[] {
  const used = new Map<string, number>();
  return runs.map(({ root, dir }) => {
    const rel = path.relative(root, dir);
    const parts = [...(prefixRoot || !rel ? [path.basename(root)] : []), ...(rel ? rel.split(path.sep) : [])];
    const base = parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '') || 'run').join('~');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { id: n === 1 ? base : `${base}-${n}`, dir };
  });
}
