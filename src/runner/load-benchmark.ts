import path from 'node:path';
import { glob } from 'tinyglobby';
import { benchmarkFileSchema, type BenchmarkFile } from '../config/benchmark-schema.js';
import { displayPath, located, readYaml, validateYaml } from '../config/load-yaml.js';
import { didYouMean } from '../config/suggest.js';
import { ConfigError } from '../errors.js';
import { loadTask } from '../tasks/load-task.js';
import type { Task } from '../tasks/types.js';

export interface LoadedBenchmark {
  file: string;
  dir: string;
  spec: BenchmarkFile;
  /** The line of a key in the benchmark file, for messages (absent for benchmarks built in code). */
  lineOf?: (keyPath: readonly PropertyKey[]) => number | undefined;
}

export async function loadBenchmark(file: string): Promise<LoadedBenchmark> {
  const abs = path.resolve(file);
  const src = await readYaml(abs);
  const spec = validateYaml(src, benchmarkFileSchema, 'benchmark');
  const names = Object.keys(spec.models);
  if (spec.compare && spec.compare.baseline === spec.compare.candidate) {
    throw new ConfigError(`${located(abs, src.lineOf(['compare', 'candidate']))} compare: baseline and candidate are both "${spec.compare.baseline}"`, {
      file: abs, hint: 'compare two different models: compare: {baseline: base, candidate: tuned}',
    });
  }
  for (const role of ['baseline', 'candidate'] as const) {
    const name = spec.compare?.[role];
    if (name && !names.includes(name)) {
      throw new ConfigError(`${file}:${src.lineOf(['compare', role]) ?? 1} compare.${role}: "${name}" is not one of the models (${names.join(', ')})`, {
        file: abs, hint: 'name a model listed under models:',
      });
    }
  }
  return { file: abs, dir: path.dirname(abs), spec, lineOf: src.lineOf };
}

/** `--model NAME=SOURCE` replaces a model of the benchmark; a name it does not have is a typo, never a new model. */
export function checkModelOverrides(b: LoadedBenchmark, overrides: Record<string, string>): void {
  const names = Object.keys(b.spec.models);
  for (const name of Object.keys(overrides)) {
    if (names.includes(name)) continue;
    throw new ConfigError(`--model ${name}=${overrides[name]}: ${displayPath(b.file)} has no model "${name}" (models: ${names.join(', ')})${didYouMean(name, names)}`, {
      file: b.file, hint: `--model overrides a model of the benchmark by name; to add one, list it under models: in ${displayPath(b.file)}`,
    });
  }
}

/** A benchmark's `templates:` filter must name templates that exist and leave every task at least one. */
function checkTemplateFilter(b: LoadedBenchmark, tasks: Task[]): void {
  const wanted = b.spec.templates;
  if (!wanted) return;
  const known = [...new Set(tasks.flatMap((t) => t.templates.map((tpl) => tpl.id)))];
  wanted.forEach((id, i) => {
    if (known.includes(id)) return;
    throw new ConfigError(`${located(b.file, b.lineOf?.(['templates', i]))} templates: no task has a template "${id}"${didYouMean(id, known)}`, {
      file: b.file, hint: `name templates the tasks define (${known.join(', ')}), or remove templates: to run them all`,
    });
  });
  const empty = tasks.find((t) => !t.templates.some((tpl) => wanted.includes(tpl.id)));
  if (empty) {
    throw new ConfigError(`${located(b.file, b.lineOf?.(['templates']))} templates: [${wanted.join(', ')}] leaves task ${empty.id} with no template to run (it has ${empty.templates.map((t) => t.id).join(', ')})`, {
      file: b.file, hint: `add one of ${empty.id}'s templates to templates:, or leave that task out of the benchmark`,
    });
  }
}

/** Task files matched by the benchmark's globs (relative to the benchmark file), loaded, in path order. */
export async function loadBenchmarkTasks(b: LoadedBenchmark, opts: { filters?: string[]; limit?: number }): Promise<Task[]> {
  const files = (await glob(b.spec.tasks, { cwd: b.dir, absolute: true })).sort();
  if (files.length === 0) {
    throw new ConfigError(`${b.file}: tasks: no task file matches ${b.spec.tasks.join(', ')}`, {
      file: b.file, hint: 'task globs are relative to the benchmark file, e.g. "../tasks/toy/*/task.yaml"',
    });
  }
  const tasks: Task[] = [];
  for (const f of files) tasks.push(await loadTask(f, { limit: opts.limit ?? b.spec.limit }));
  const chosen = opts.filters?.length ? tasks.filter((t) => opts.filters!.some((g) => matchGlob(g, t))) : tasks;
  if (chosen.length === 0) throw new ConfigError(`--tasks ${opts.filters!.join(' ')} matches none of ${tasks.map((t) => t.id).join(', ')}`, { hint: 'match task ids or categories, e.g. --tasks "toy-*"' });
  checkTemplateFilter(b, chosen);
  const ids = new Map<string, string>();
  for (const t of chosen) {
    const other = ids.get(t.id);
    if (other) throw new ConfigError(`${t.file}: task id "${t.id}" is also used by ${other}`, { file: t.file, hint: 'task ids must be unique in a benchmark' });
    ids.set(t.id, t.file);
  }
  return chosen;
}

/** `--tasks` globs match a task's id, its category, or `category/id`. */
function matchGlob(pattern: string, task: Task): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(task.id) || re.test(task.category) || re.test(`${task.category}/${task.id}`);
}
