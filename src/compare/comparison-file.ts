import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { checkFractions, checkVersion, readJsonFile } from '../runner/result-file.js';
import type { Comparison } from './types.js';

/** comparison.json as `heldout run` / `heldout compare` wrote it: version 1, every value a fraction. */
export function parseComparison(data: unknown, file: string, hint: string): Comparison {
  const c = checkVersion(data, file, 'comparison', hint);
  const model = (m: unknown) => Boolean(m && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string');
  if (!Array.isArray(c['tasks']) || !Array.isArray(c['categories']) || !c['overall'] || !model(c['candidate']) || !model(c['baseline'])) {
    throw new InputError(`${displayPath(file)} is missing tasks, categories, overall or the model names of a comparison`, { file, hint });
  }
  for (const key of ['tasks', 'categories', 'overall', 'heldOut', 'seen', 'fewshot']) checkFractions(c[key], file, key);
  return c as unknown as Comparison;
}

export async function readComparisonFile(file: string, hint = 'pass the comparison.json that heldout run or heldout compare wrote'): Promise<Comparison> {
  return parseComparison(await readJsonFile(file, hint), file, hint);
}
