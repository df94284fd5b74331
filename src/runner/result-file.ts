import { readFile } from 'node:fs/promises';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { findMetric, metricReducer } from '../metrics/registry.js';
import { clusterReducer } from '../stats/index.js';
import { clusterStats } from './results.js';
import type { RunResult, TaskResult } from './result-types.js';

/** The file versions this heldout reads. */
export const RESULT_VERSION = 1;

/**
 * A results or comparison file as JSON. NaN and Infinity are not JSON (heldout writes null
 * for "no value"), so a file holding them is named as such rather than as a parse error.
 */
export async function readJsonFile(file: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (cause as Error).message;
    throw new InputError(`cannot read ${displayPath(file)}: ${why}`, { file, hint, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const bad = text.match(/(?<=[:[,]\s*)-?(NaN|Infinity)\b/);
    if (bad) {
      const line = text.slice(0, bad.index).split('\n').length;
      throw new InputError(`${displayPath(file)}:${line} holds ${bad[0]}, which is not a JSON number`, { file, line, hint: 'heldout writes null for a value that does not exist; write null there, or re-run heldout to rewrite the file', cause });
    }
    throw new InputError(`${displayPath(file)} is not valid JSON: ${(cause as Error).message}`, { file, hint, cause });
  }
}

/** A file's version: 1, or an error saying that it is newer than this heldout, or not such a file at all. */
export function checkVersion(data: unknown, file: string, what: string, hint: string): Record<string, unknown> {
  const obj = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  const version = obj?.['version'];
  if (version === RESULT_VERSION) return obj!;
  if (typeof version === 'number' && version > RESULT_VERSION) {
    throw new InputError(`${displayPath(file)} is a ${what} of version ${version}, written by a newer heldout; this heldout reads version ${RESULT_VERSION}`, {
      file, hint: 'upgrade heldout (npm install heldout@latest), or re-create the file with this version',
    });
  }
  const found = version === undefined ? 'no version' : `version ${JSON.stringify(version)}`;
  throw new InputError(`${displayPath(file)} is not a heldout ${what} of version ${RESULT_VERSION} (${found})`, { file, hint });
}

const SKIP = new Set(['stats', 'items', 'examples', 'model', 'baseline_model', 'settings']);
const EPS = 1e-9;

/**
 * Every score is a fraction: a metric value ({value, ci, n}) lies in [0, 1], a paired delta and its
 * interval in [−1, 1], a p-value in [0, 1]. A hand-edited 1.7 (meant as 1.7%, or 170%) is refused
 * here instead of showing as "170.0"; null is "no value" (NaN) and passes.
 */
export function checkFractions(value: unknown, file: string, at = ''): void {
  if (Array.isArray(value)) { value.forEach((v, i) => checkFractions(v, file, `${at}[${i}]`)); return; }
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const isMetric = 'value' in obj && 'ci' in obj && 'n' in obj;
  const isDelta = 'delta' in obj && 'ci' in obj;
  if (isMetric) inRange(obj['value'], 0, 1, file, `${at}.value`);
  if (isMetric && !isDelta) for (const [i, b] of asList(obj['ci']).entries()) inRange(b, 0, 1, file, `${at}.ci[${i}]`);
  if (isDelta) {
    inRange(obj['delta'], -1, 1, file, `${at}.delta`);
    for (const [i, b] of asList(obj['ci']).entries()) inRange(b, -1, 1, file, `${at}.ci[${i}]`);
    if ('pValue' in obj) inRange(obj['pValue'], 0, 1, file, `${at}.pValue`);
  }
  for (const [k, v] of Object.entries(obj)) if (!SKIP.has(k) && v && typeof v === 'object') checkFractions(v, file, at ? `${at}.${k}` : k);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function inRange(v: unknown, lo: number, hi: number, file: string, at: string): void {
  if (v === null) return;
  if (typeof v !== 'number' || v < lo - EPS || v > hi + EPS) {
    throw new InputError(`${displayPath(file)} ${at}: ${JSON.stringify(v)} is not a number in [${lo}, ${hi}]`, {
      file, hint: 'heldout files hold fractions (0.75 = 75%, never 75 or 1.7); fix the value or re-create the file with heldout',
    });
  }
}

/** results/<model>.json: version 1, with a model and tasks, every value a fraction. */
export function parseRunResult(data: unknown, file: string, hint: string): RunResult {
  const r = checkVersion(data, file, 'RunResult', hint);
  if (!Array.isArray(r['tasks']) || !r['model'] || typeof r['model'] !== 'object') {
    throw new InputError(`${displayPath(file)} is missing the tasks or the model of a RunResult`, { file, hint });
  }
  checkFractions(r['tasks'], file, 'tasks');
  const result = r as unknown as RunResult;
  result.tasks.forEach((task, i) => checkValuesMatchStats(task, file, `tasks[${i}]`));
  return result;
}

/**
 * Every value a results file states is recomputed from the item statistics it holds (comparisons
 * and gates use the statistics): a value edited by hand, or a damaged file, would otherwise show
 * one number in the file and another in every comparison made from it.
 */
function checkValuesMatchStats(task: TaskResult, file: string, at: string): void {
  if (!task || typeof task !== 'object' || !task.stats || !task.metrics) return;
  for (const [name, perTemplate] of Object.entries(task.stats)) {
    const def = findMetric(name);
    const stated = task.metrics[name];
    if (!def || !stated || !perTemplate || typeof perTemplate !== 'object') continue;
    const templates = Object.keys(perTemplate);
    if (templates.length === 0 || (perTemplate[templates[0]!]?.length ?? 0) === 0) continue;
    const reduce = metricReducer(def, task.options?.[name] ?? {});
    const check = (value: number | null, computed: number, where: string) => {
      const v = value ?? Number.NaN;
      const same = Number.isNaN(v) ? Number.isNaN(computed) : Math.abs(v - computed) <= 1e-9;
      if (same) return;
      throw new InputError(
        `${displayPath(file)} ${where}: the file says ${JSON.stringify(value)}, but the item statistics it holds give ${round(computed)}; the file was edited by hand or is damaged`,
        { file, hint: 'comparisons and gates read the item statistics; re-create the file with heldout run on its run directory (nothing is asked again), or restore it' },
      );
    };
    check(stated.value, clusterReducer(reduce, templates.length)(clusterStats(perTemplate, templates)), `${at}.metrics.${name}.value`);
    for (const t of templates) {
      const one = task.templates?.[t]?.[name];
      if (one && perTemplate[t]!.length > 0) check(one.value, reduce(perTemplate[t]!), `${at}.templates.${t}.${name}.value`);
    }
  }
}

function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : 'no value';
}

export async function readRunResultFile(file: string, hint = 'pass results/<model>.json files written by heldout run'): Promise<RunResult> {
  return parseRunResult(await readJsonFile(file, hint), file, hint);
}
