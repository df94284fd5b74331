import path from 'node:path';
import { glob } from 'tinyglobby';
import { benchmarkFileSchema, type BenchmarkFile } from '../config/benchmark-schema.js';
import { readYaml, validateYaml } from '../config/load-yaml.js';
import { ConfigError } from '../errors.js';
import { loadTask } from '../tasks/load-task.js';
import type { Task } from '../tasks/types.js';

export interface LoadedBenchmark {
  file: string;
  dir: string;
  spec: BenchmarkFile;
}

export async function loadBenchmark(file: string): Promise<LoadedBenchmark> {
  const abs = path.resolve(file);
  const src = await readYaml(abs);
  const spec = validateYaml(src, benchmarkFileSchema, 'benchmark');
  const names = Object.keys(spec.models);
  for (const role of ['baseline', 'candidate'] as const) {
    const name = spec.compare?.[role];
    if (name && !names.includes(name)) {
      throw new ConfigError(`${file}:${src.lineOf(['compare', role]) ?? 1} compare.${role}: "${name}" is not one of the models (${names.join(', ')})`, {
        file: abs, hint: 'name a model listed under models:',
      });
    }
  }
  return { file: abs, dir: path.dirname(abs), spec };
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
