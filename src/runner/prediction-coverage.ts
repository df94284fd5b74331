import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import { displayPath } from '../config/load-yaml.js';
import { DataError } from '../errors.js';
import { findPrediction, matches, PredictionsModel } from '../models/predictions.js';
import type { ParsedPredictions, PredictionEntry } from '../models/parse-predictions.js';
import type { Task } from '../tasks/types.js';
import { inShard, type Shard } from './manifest.js';

/** How a predictions file covers what a run asks: recorded in the result file (model.predictions). */
export interface PredictionCoverage {
  file: string;
  /** Items the run asks for (over its tasks, within --limit and --shard). */
  asked: number;
  /** Items with a prediction for every template asked. */
  matched: number;
  missing: number;
  /** Lines repeating an earlier prediction word for word (kept once). */
  duplicates: number;
  /** Predictions that answer nothing in the run (another id, task or template). */
  unknown: number;
  allowMissing: boolean;
  /** Up to 20 `task/item` ids without a prediction, and up to 20 unknown prediction ids. */
  missingItems: string[];
  unknownIds: string[];
}

interface Scope { templates?: string[]; shard: Shard | null }
const EXAMPLES = 20;

/** Match a predictions file against the run's items; unknown predictions are grouped by why they match nothing. */
export function predictionCoverage(parsed: ParsedPredictions, tasks: Task[], scope: Scope, allowMissing: boolean): { coverage: PredictionCoverage; lines: string[] } {
  const used = new Set<PredictionEntry>();
  const missingByTask = new Map<string, string[]>();
  const askedByTask = new Map<string, number>();
  for (const task of tasks) {
    const templates = task.templates.map((t) => t.id).filter((id) => !scope.templates || scope.templates.includes(id));
    for (const sample of task.samples) {
      for (const e of parsed.entries.get(sample.id) ?? []) if (templates.some((template) => matches(e, { task: task.id, item: sample.id, template }))) used.add(e);
      if (!inShard(scope.shard, task.id, sample.id)) continue;
      askedByTask.set(task.id, (askedByTask.get(task.id) ?? 0) + 1);
      if (templates.some((template) => !findPrediction(parsed, { task: task.id, item: sample.id, template }))) {
        missingByTask.set(task.id, [...(missingByTask.get(task.id) ?? []), sample.id]);
      }
    }
  }
  const unknown = [...parsed.entries.values()].flat().filter((e) => !used.has(e));
  const missing = [...missingByTask.values()].reduce((n, ids) => n + ids.length, 0);
  const asked = [...askedByTask.values()].reduce((n, k) => n + k, 0);
  const coverage: PredictionCoverage = {
    file: parsed.file, asked, matched: asked - missing, missing, duplicates: parsed.duplicates.length, unknown: unknown.length, allowMissing,
    missingItems: [...missingByTask].flatMap(([t, ids]) => ids.map((id) => `${t}/${id}`)).slice(0, EXAMPLES),
    unknownIds: unknown.map((e) => e.id).slice(0, EXAMPLES),
  };
  return { coverage, lines: coverageLines(parsed, tasks, { missingByTask, askedByTask }, unknown, allowMissing) };
}

function coverageLines(
  parsed: ParsedPredictions, tasks: Task[], counts: { missingByTask: Map<string, string[]>; askedByTask: Map<string, number> },
  unknown: PredictionEntry[], allowMissing: boolean,
): string[] {
  const file = displayPath(parsed.file);
  const lines: string[] = [];
  for (const [task, ids] of counts.missingByTask) {
    lines.push(`${file}: ${ids.length} of ${counts.askedByTask.get(task)} items of task ${task} have no prediction (${examples(ids)})${allowMissing ? ': scored as missing (wrong)' : ''}`);
  }
  const runTasks = new Set(tasks.map((t) => t.id));
  const byTask = group(unknown.filter((e) => e.task && !runTasks.has(e.task)), (e) => e.task!);
  for (const [task, list] of byTask) lines.push(`${file}: ${list.length} predictions name task "${task}", which is not in this run (tasks: ${[...runTasks].join(', ')})`);
  const byTemplate = group(unknown.filter((e) => !byTask.has(e.task ?? '') && e.template), (e) => e.template!);
  for (const [template, list] of byTemplate) lines.push(`${file}: ${list.length} predictions name template "${template}", which this run does not ask`);
  const ids = unknown.filter((e) => !byTask.has(e.task ?? '') && !byTemplate.has(e.template ?? ''));
  if (ids.length) lines.push(`${file}: ${ids.length} predictions match no item of this run (${examples(ids.map((e) => e.id))})`);
  if (parsed.duplicates.length) {
    lines.push(`${file}: ${parsed.duplicates.length} duplicate prediction${parsed.duplicates.length > 1 ? 's' : ''} (the same answer again; kept once): ${examples(parsed.duplicates.map((d) => `"${d.id}" line ${d.line}`))}`);
  }
  return lines;
}

/**
 * Check every `predictions:` model of a run before any model is asked: missing items are an error
 * unless `allowMissing`; the counts go to the log and, per model, into its result file.
 */
export async function checkPredictionSources(
  models: Record<string, { spec: ModelSpec; baseDir: string }>, tasks: Task[], scope: Scope,
  opts: { allowMissing?: boolean; onLog?: (line: string) => void },
): Promise<Map<string, PredictionCoverage>> {
  const out = new Map<string, PredictionCoverage>();
  for (const [name, { spec, baseDir }] of Object.entries(models)) {
    if (!spec.source.startsWith('predictions:')) continue;
    const model = await PredictionsModel.load(name, path.resolve(baseDir, spec.source.slice('predictions:'.length)));
    const { coverage, lines } = predictionCoverage(model.parsed, tasks, scope, opts.allowMissing === true);
    if (coverage.missing > 0 && !opts.allowMissing) {
      throw new DataError(`model "${name}": ${lines.join('\n  ')}`, {
        file: coverage.file,
        hint: 'add the missing predictions, check that "id" holds the items\' ids (the task\'s id field), or pass --allow-missing to score them as missing (wrong)',
      });
    }
    for (const line of lines) opts.onLog?.(`${name}: ${line}`);
    out.set(name, coverage);
  }
  return out;
}

function examples(ids: string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, … ${ids.length - 5} more` : ids.join(', ');
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return m;
}
