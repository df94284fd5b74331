import { dataError } from './data-error.js';
import { readJsonRecords } from './json.js';
import { listFields, type Row } from './types.js';

const REQUIRED = ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point'] as const;

/**
 * HumanEval (`HumanEval.jsonl`, gzipped or not). Adds `id` (task_id),
 * `solution` (canonical_solution) and `tests`: the test code followed by
 * `check(entry_point)`, as human_eval/execution.py builds the program.
 */
export function readHumanEval(file: string, text: string): Row[] {
  return readJsonRecords(file, text).map(({ line, data }) => {
    const missing = REQUIRED.filter((key) => typeof data[key] !== 'string');
    if (missing.length > 0) {
      throw dataError(file, line, `HumanEval row lacks string field(s) ${missing.join(', ')}; it has: ${listFields(data)}`, {
        hint: `HumanEval rows need ${REQUIRED.join(', ')}; is this the right format?`,
      });
    }
    const test = data.test as string;
    const entryPoint = data.entry_point as string;
    return {
      line,
      data: { ...data, id: data.task_id, solution: data.canonical_solution, tests: `${test}\ncheck(${entryPoint})` },
    };
  });
}
