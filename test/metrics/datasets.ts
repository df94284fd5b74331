/** Locates the shared reference data sets (CI clones the repo with shared/ beside it). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
export const datasetsDir = path.resolve(repoRoot, '../shared/datasets');

export function datasetPath(name: string): string {
  return path.join(datasetsDir, name);
}

export function hasDataset(name: string): boolean {
  const found = existsSync(datasetPath(name));
  if (!found) console.warn(`[skip] ${datasetPath(name)} is absent: tests that need it are skipped`);
  return found;
}

export function readJsonl<T>(name: string): T[] {
  return readFileSync(datasetPath(name), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}
