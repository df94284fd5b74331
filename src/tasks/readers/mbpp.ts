import type { DataError } from '../../errors.js';
import { dataError } from './data-error.js';
import { readJsonRecords } from './json.js';
import { listFields, type Row } from './types.js';

const HINT = 'MBPP rows need task_id, code, test_list and either text (full MBPP) or prompt (sanitized MBPP)';

/**
 * MBPP, full (`text`, `test_setup_code`) or sanitized (`prompt`,
 * `test_imports`), told apart per row. Adds `id`, `prompt`, `solution` and
 * `tests`: imports, setup code and the asserts, one per line.
 */
export function readMbpp(file: string, text: string): Row[] {
  return readJsonRecords(file, text).map(({ line, data }) => ({ line, data: normalizeMbpp(file, line, data) }));
}

function normalizeMbpp(file: string, line: number, data: Record<string, unknown>): Record<string, unknown> {
  const prompt = typeof data.text === 'string' ? data.text : data.prompt;
  const fail = (what: string): DataError =>
    dataError(file, line, `MBPP row ${what}; it has: ${listFields(data)}`, { hint: HINT });
  if (typeof prompt !== 'string') throw fail('has neither `text` nor `prompt`');
  if (typeof data.code !== 'string') throw fail('has no string `code`');
  if (data.task_id === undefined || data.task_id === null) throw fail('has no `task_id`');
  const testList = stringList(data.test_list);
  if (!testList) throw fail('has no `test_list` of strings');
  const imports = stringList(data.test_imports ?? []);
  if (!imports) throw fail('has a `test_imports` that is not a list of strings');
  const setup = typeof data.test_setup_code === 'string' ? data.test_setup_code : '';
  const tests = [...imports, setup, ...testList].filter((part) => part.trim() !== '').join('\n');
  return { ...data, id: String(data.task_id), prompt, solution: data.code, tests, test_list: testList };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}
