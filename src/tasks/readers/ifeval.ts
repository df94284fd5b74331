/**
 * `format: ifeval`: the public IFEval file (`input_data.jsonl`: one
 * `{key, prompt, instruction_id_list, kwargs}` object a line), read as is.
 * Each row gets `id` (its key) and `constraints` (heldout constraint objects
 * for its instructions), so a task file needs only
 * `answer: {type: generate, constraints_field: constraints}`.
 */
import { constraintSchema, type Constraint } from '../../config/constraint-schema.js';
import { dataError } from './data-error.js';
import { IFEVAL_IDS, IFEVAL_INSTRUCTIONS, type Need } from './ifeval-map.js';
import { readJsonLines } from './jsonl.js';
import { isRecord, type Row } from './types.js';

export function readIfEval(file: string, text: string): Row[] {
  const rows = readJsonLines(file, text);
  reportUnknown(file, rows);
  return rows.map((row) => ({ line: row.line, data: { ...row.data, id: String(row.data['key']), constraints: constraintsOf(file, row) } }));
}

function instructionIds(file: string, row: Row): string[] {
  const { key, prompt, instruction_id_list: ids, kwargs } = row.data;
  const problem = key === undefined || key === null ? 'has no "key"'
    : typeof prompt !== 'string' || prompt === '' ? 'has no "prompt" text'
      : !Array.isArray(ids) || ids.some((id) => typeof id !== 'string') ? '"instruction_id_list" must be a list of ids'
        : !Array.isArray(kwargs) || kwargs.length !== ids.length ? `"kwargs" must be a list with one object per instruction (${ids.length})`
          : undefined;
  if (problem) throw dataError(file, row.line, `${problem}`, { hint: 'an IFEval row is {"key", "prompt", "instruction_id_list": [...], "kwargs": [{...}, ...]}' });
  return ids as string[];
}

/** Every instruction id heldout has no checker for, with how often and where it first occurs, in one error. */
function reportUnknown(file: string, rows: Row[]): void {
  const unknown = new Map<string, { rows: number; line: number }>();
  for (const row of rows) {
    for (const id of new Set(instructionIds(file, row))) {
      if (IFEVAL_INSTRUCTIONS[id]) continue;
      const seen = unknown.get(id) ?? { rows: 0, line: row.line };
      seen.rows++;
      unknown.set(id, seen);
    }
  }
  if (unknown.size === 0) return;
  const list = [...unknown.entries()].sort((a, b) => b[1].rows - a[1].rows || a[0].localeCompare(b[0]));
  const affected = rows.filter((r) => (r.data['instruction_id_list'] as string[]).some((id) => unknown.has(id))).length;
  const shown = list.slice(0, 20).map(([id, s]) => `${id} (${s.rows} row${s.rows > 1 ? 's' : ''}, first at line ${s.line})`).join(', ');
  const more = list.length > 20 ? `, and ${list.length - 20} more` : '';
  throw dataError(file, list[0]![1].line, `uses ${list.length} instruction id${list.length > 1 ? 's' : ''} heldout has no checker for, in ${affected} of ${rows.length} rows: ${shown}${more}`, {
    hint: `format: ifeval knows IFEval's ${IFEVAL_IDS.length} ids (${IFEVAL_IDS.join(', ')}); remove the other rows, or write them as format: jsonl with your own answer.constraints_field`,
  });
}

function constraintsOf(file: string, row: Row): Constraint[] {
  const ids = row.data['instruction_id_list'] as string[];
  const kwargs = row.data['kwargs'] as unknown[];
  return ids.map((id, i) => {
    const args = isRecord(kwargs[i]) ? kwargs[i] : {};
    const where = (msg: string) => dataError(file, row.line, `instruction ${i + 1} (${id}): ${msg}`, { hint: 'fix the kwargs of that instruction (IFEval names them, e.g. num_words, relation)' });
    let built: Constraint;
    try {
      built = IFEVAL_INSTRUCTIONS[id]!(args, needFrom(args));
    } catch (cause) {
      throw where((cause as Error).message);
    }
    const checked = constraintSchema.safeParse(built);
    if (!checked.success) throw where(checked.error.issues[0]!.message);
    return checked.data;
  });
}

/** A kwarg of the given kind; null counts as absent (IFBench-style files list every kwarg, mostly null). */
function needFrom(args: Record<string, unknown>): Need {
  return ((key: string, kind: 'string' | 'number' | 'strings') => {
    const v = args[key];
    const ok = kind === 'string' ? typeof v === 'string' && v !== ''
      : kind === 'number' ? typeof v === 'number' && Number.isFinite(v)
        : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
    if (!ok) throw new Error(`kwarg "${key}" must be ${kind === 'strings' ? 'a list of strings' : `a ${kind}`}, got ${JSON.stringify(v ?? null)}`);
    return v;
  }) as Need;
}
