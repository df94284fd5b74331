/**
 * The shipped code suites are only as good as their hidden tests: every
 * reference solution must pass them, and a stub answer (or, for bug-fix, the
 * buggy function itself) must fail them, or the task cannot tell models apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT as repoRoot } from '../helpers/paths.js';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { taskFileSchema, type TaskFile } from '../../src/config/task-schema.js';
import { appendPassToken, newPassToken, runProgram, type SandboxResult } from '../../src/sandbox/index.js';
import { renderTemplate } from '../../src/tasks/template.js';

const CODE_TASKS = ['js-functions', 'py-functions', 'bug-fix'] as const;
const limit = pLimit(2);

type Row = Record<string, string>;
interface CodeTask { id: string; file: string; spec: NonNullable<TaskFile['code']>; rows: Row[] }

function loadCodeTask(id: string): CodeTask {
  const file = path.join(repoRoot, 'tasks', 'code', id, 'task.yaml');
  const task = taskFileSchema.parse(parse(readFileSync(file, 'utf8')));
  if (!task.code || typeof task.data !== 'string') throw new Error(`${file}: expected a code task with a plain data path`);
  const dataFile = path.join(path.dirname(file), task.data);
  const rows = readFileSync(dataFile, 'utf8').split('\n').filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
  return { id, file, spec: task.code, rows };
}

/** The program the harness runs for one answer: rendered prefix + completion + "\n" + rendered tests. */
function program(task: CodeTask, row: Row, completion: string, line: number): string {
  const ctx = { file: task.file, line, templateId: 'code' };
  return `${renderTemplate(task.spec.prefix, row, ctx)}${completion}\n${renderTemplate(task.spec.tests, row, ctx)}\n`;
}

/** Run one program; the pass token proves the last test ran (an early exit 0 cannot pass). */
function run(task: CodeTask, code: string): Promise<SandboxResult> {
  const token = newPassToken();
  return runProgram({
    language: task.spec.language,
    code: appendPassToken(task.spec.language, code, token),
    passToken: token,
    timeoutMs: task.spec.timeout_ms,
  });
}

/** A stub that defines the entry point and returns nothing useful. */
function stubAnswer(task: CodeTask, row: Row): string {
  if (task.id === 'bug-fix') return `def ${row.entry_point}(*args, **kwargs):\n    return None\n`;
  return task.spec.language === 'javascript' ? '  return null;\n}\n' : '    return None\n';
}

/** Ids of rows whose program status is not the expected one, with the reason. */
async function mismatches(task: CodeTask, answer: (row: Row) => string, want: 'pass' | 'fail'): Promise<string[]> {
  const results = await Promise.all(task.rows.map((row, i) => limit(async () => {
    const r = await run(task, program(task, row, answer(row), i + 1));
    const ok = want === 'pass' ? r.status === 'passed' : r.status === 'failed' || r.status === 'crashed';
    return ok ? null : `${row.id}: ${r.status} ${r.reason ?? ''} ${r.stderrTail.slice(-300)}`;
  })));
  return results.filter((m): m is string => m !== null);
}

describe.each(CODE_TASKS)('tasks/code/%s', (id) => {
  const task = loadCodeTask(id);

  it('has at least 40 problems with unique ids', () => {
    expect(task.rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(task.rows.map((r) => r.id)).size).toBe(task.rows.length);
  });

  it('every reference solution passes its hidden tests', async () => {
    expect(await mismatches(task, (row) => row.solution!, 'pass')).toEqual([]);
  });

  it('a stub answer fails the hidden tests', async () => {
    expect(await mismatches(task, (row) => stubAnswer(task, row), 'fail')).toEqual([]);
  });

  if (id === 'bug-fix') {
    it('the buggy function fails its hidden tests', async () => {
      expect(await mismatches(task, (row) => row.buggy!, 'fail')).toEqual([]);
    });
  }
});
