import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchmarkFileSchema } from '../../../src/config/benchmark-schema.js';
import { taskFileSchema, type TaskFile } from '../../../src/config/task-schema.js';
import { expandPath, readRows, valueAtPath, type Row } from '../../../src/tasks/readers/index.js';
import { datasetsDir, repoRoot } from './fixtures.js';

const benchmarksDir = path.join(repoRoot, 'benchmarks');
const tasksDir = path.join(benchmarksDir, 'public-tasks');
const taskFiles = readdirSync(tasksDir).sort().map((name) => path.join(tasksDir, name, 'task.yaml'));
const haveData = existsSync(path.join(datasetsDir, 'SOURCES.md'));

function loadTask(file: string): TaskFile {
  return taskFileSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** Every `{{field}}` a task fills from its rows. */
function templatedFields(task: TaskFile): string[] {
  const texts = [
    ...task.templates.flatMap((t) => [t.prompt, t.system ?? '']),
    task.code?.prefix ?? '', task.code?.tests ?? '',
  ];
  const fields = texts.flatMap((text) => [...text.matchAll(/\{\{\s*([^}|\s]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''));
  return [...new Set(fields)];
}

/** A gold label is a choice string, an index into choices, or a boolean for a two-choice set. */
function isValidLabel(label: unknown, choices: string[]): boolean {
  if (typeof label === 'string') return choices.includes(label);
  if (typeof label === 'number') return Number.isInteger(label) && label >= 0 && label < choices.length;
  return typeof label === 'boolean' && choices.length === 2;
}

async function loadRows(task: TaskFile, file: string): Promise<Row[]> {
  if (typeof task.data === 'string') throw new Error('public tasks use the reader form of data');
  const env = { ...process.env, HELDOUT_DATA_DIR: datasetsDir };
  const { path: dataPath, ...opts } = task.data;
  return readRows(expandPath(dataPath, path.dirname(file), env), opts);
}

describe('benchmarks/public-tasks', () => {
  it('holds the nine public tasks', () => {
    expect(taskFiles.map((f) => path.basename(path.dirname(f))))
      .toEqual(['agnews', 'boolq', 'humaneval', 'mbpp', 'rte', 'samsum', 'squad', 'sst2', 'xsum']);
  });

  it.each(taskFiles)('%s parses, has 3+ templates and reads its data from HELDOUT_DATA_DIR', (file) => {
    const task = loadTask(file);
    expect(task.templates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(task.templates.map((t) => t.id)).size).toBe(task.templates.length);
    expect(task.data).toMatchObject({ path: expect.stringMatching(/^\$\{HELDOUT_DATA_DIR\}\//), format: expect.any(String) });
  });

  it('public.yaml is a benchmark whose task glob finds every public task', () => {
    const bench = benchmarkFileSchema.parse(parse(readFileSync(path.join(benchmarksDir, 'public.yaml'), 'utf8')));
    expect(bench.tasks).toEqual(['public-tasks/*/task.yaml']);
    expect(bench.compare).toEqual({ baseline: 'base', candidate: 'tuned' });
    expect(Object.keys(bench.models)).toEqual(['base', 'tuned']);
  });
});

describe.skipIf(!haveData)(`public tasks on the shared datasets (${haveData ? datasetsDir : 'skipped: no datasets folder'})`, () => {
  it.each(taskFiles)('%s: rows carry every templated field, the id and the answer field', async (file) => {
    const task = loadTask(file);
    const rows = await loadRows(task, file);
    expect(rows.length).toBeGreaterThan(100);
    const needed = [...templatedFields(task), task.id_field,
      task.answer.type === 'choice' ? task.answer.label : task.answer.reference];
    for (const { line, data } of rows) {
      for (const field of needed) expect(valueAtPath(data, field), `line ${line} field ${field}`).toBeDefined();
    }
    expect(new Set(rows.map((r) => String(r.data[task.id_field]))).size).toBe(rows.length);
    const answer = task.answer;
    if (answer.type === 'choice') {
      const bad = rows.filter((r) => !isValidLabel(valueAtPath(r.data, answer.label), answer.choices ?? []));
      expect(bad.map((r) => r.line)).toEqual([]);
    }
  });
});
