/** Locates the shared reference data sets (CI clones the repo with shared/ beside it). */
import { existsSync, readFileSync } from 'node:fs';
import { DATASETS_DIR as datasetsDir } from '../helpers/paths.js';
import path from 'node:path';

export { DATASETS_DIR as datasetsDir } from '../helpers/paths.js';

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
