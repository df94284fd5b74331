import { readFile } from 'node:fs/promises';
import type { Comparison } from '../compare/types.js';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import type { RunResult } from '../runner/result-types.js';

async function readJson(file: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read ${displayPath(file)}: ${(cause as Error).message}`, { file, hint, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InputError(`${displayPath(file)} is not valid JSON: ${(cause as Error).message}`, { file, hint, cause });
  }
}

/** comparison.json as `heldout run` / `heldout compare` wrote it (version 1). */
export async function readComparisonFile(file: string): Promise<Comparison> {
  const hint = 'pass the comparison.json that heldout run or heldout compare wrote';
  const c = (await readJson(file, hint)) as Partial<Comparison> | null;
  if (c?.version !== 1) {
    const found = c && typeof c === 'object' && 'version' in c ? `version ${JSON.stringify(c.version)}` : 'no version';
    throw new InputError(`${displayPath(file)} is not a heldout comparison of version 1 (${found})`, { file, hint });
  }
  if (!Array.isArray(c.tasks) || !Array.isArray(c.categories) || !c.overall || !c.candidate?.name || !c.baseline?.name) {
    throw new InputError(`${displayPath(file)} is missing tasks, categories, overall or the model names of a comparison`, { file, hint });
  }
  return c as Comparison;
}

/** results/<model>.json (version 1). */
export async function readRunResultFile(file: string): Promise<RunResult> {
  const hint = 'point no_regression.against at a results/<model>.json written by heldout run (relative to the policy file)';
  const r = (await readJson(file, hint)) as Partial<RunResult> | null;
  if (r?.version !== 1 || !Array.isArray(r.tasks) || !r.model) {
    throw new InputError(`${displayPath(file)} is not a heldout RunResult (version 1)`, { file, hint });
  }
  return r as RunResult;
}
