import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError, HeldoutError } from '../errors.js';
import { loadTask } from '../tasks/load-task.js';
import { renderTemplate } from '../tasks/template.js';
import type { Task } from '../tasks/types.js';
import { effectiveMetrics } from '../runner/score-unit.js';
import { checkCodeReferences } from '../tasks/check-references.js';
import { taskOverlap, trainingNgrams, type TaskOverlap } from '../tasks/overlap.js';

export const DEFAULT_TASK_GLOB = 'tasks/**/task.yaml';

/** Task files under the paths (default tasks/**); naming something that holds none is an error, never "0 of 0 valid". */
async function taskFiles(paths: string[]): Promise<string[]> {
  const patterns = paths.length ? paths.map((p) => (p.endsWith('.yaml') || p.includes('*') ? p : `${p.replace(/\/$/, '')}/**/task.yaml`)) : [DEFAULT_TASK_GLOB];
  const files = (await glob(patterns, { absolute: true })).sort();
  if (files.length === 0) {
    throw new ConfigError(`no task file (task.yaml) under ${paths.length ? paths.join(', ') : DEFAULT_TASK_GLOB}`, {
      hint: 'name task folders or task.yaml files that exist, e.g. heldout tasks validate tasks/classification',
    });
  }
  return files;
}

export interface TaskSummary {
  id: string; category: string; family: string; items: number; templates: number; metrics: string[]; file: string;
}

export async function listTasks(paths: string[] = []): Promise<TaskSummary[]> {
  const out: TaskSummary[] = [];
  for (const f of await taskFiles(paths)) {
    const t = await loadTask(f);
    out.push({ id: t.id, category: t.category, family: t.family, items: t.samples.length, templates: t.templates.length, metrics: effectiveMetrics(t).map((m) => m.name), file: path.relative(process.cwd(), f) });
  }
  return out;
}

export interface ValidationProblem { file: string; message: string; hint?: string }

/** Load every task file; collect every problem instead of stopping at the first. */
export async function validateTasks(paths: string[] = [], opts: { code?: boolean } = {}): Promise<{ checked: number; problems: ValidationProblem[]; warnings: string[] }> {
  const files = await taskFiles(paths);
  const problems: ValidationProblem[] = [];
  const warnings: string[] = [];
  const ids = new Map<string, string>();
  for (const f of files) {
    try {
      const t = await loadTask(f);
      warnings.push(...t.warnings);
      const other = ids.get(t.id);
      if (other) problems.push({ file: f, message: `${path.relative(process.cwd(), f)}: task id "${t.id}" is also used by ${path.relative(process.cwd(), other)}`, hint: 'task ids must be unique' });
      ids.set(t.id, f);
      if (opts.code !== false) {
        for (const p of await checkCodeReferences(t)) problems.push({ file: f, message: p.message, hint: 'fix the reference solution or the tests of that item' });
      }
    } catch (err) {
      if (!(err instanceof HeldoutError)) throw err;
      problems.push({ file: f, message: err.message, hint: err.hint });
    }
  }
  return { checked: files.length, problems, warnings };
}

export async function showTask(id: string, paths: string[] = []): Promise<{ task: Task; prompts: { template: string; prompt: string }[] }> {
  for (const f of await taskFiles(paths)) {
    const t = await loadTask(f);
    if (t.id !== id) continue;
    const s = t.samples[0]!;
    const prompts = t.templates.map((tpl) => ({ template: tpl.id, prompt: renderTemplate(tpl.prompt, s.fields, { file: t.dataFile, line: s.line, templateId: tpl.id }) }));
    return { task: t, prompts };
  }
  throw new HeldoutError(`no task with id "${id}"`, { hint: 'see heldout tasks list' });
}

/** `heldout tasks overlap <training-data>`: how much of each task a training set already contains. */
export async function overlapTasks(training: string, paths: string[] = []): Promise<TaskOverlap[]> {
  const grams = await trainingNgrams(path.resolve(training));
  const out: TaskOverlap[] = [];
  for (const f of await taskFiles(paths)) out.push(taskOverlap(await loadTask(f), grams));
  return out;
}
