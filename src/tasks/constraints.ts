/** The output constraints of one item: the task's `answer.constraints` plus its row's `constraints_field`. */
import { constraintListSchema, type Constraint } from '../config/constraint-schema.js';
import type { TaskFile } from '../config/task-schema.js';
import { displayPath } from '../config/load-yaml.js';
import { DataError } from '../errors.js';
import { getField } from './template.js';
import type { Sample } from './types.js';

const parsed = new WeakMap<Sample, Constraint[]>();

/** Whether the task declares output constraints at all. */
export function hasConstraints(spec: TaskFile): boolean {
  return spec.answer.type === 'generate' && (spec.answer.constraints !== undefined || spec.answer.constraints_field !== undefined);
}

/** The item's constraints (undefined when the task declares none). */
export function itemConstraints(spec: TaskFile, sample: Sample, dataFile = ''): Constraint[] | undefined {
  const answer = spec.answer;
  if (answer.type !== 'generate' || !hasConstraints(spec)) return undefined;
  const own = answer.constraints_field ? rowConstraints(sample, answer.constraints_field, dataFile) : [];
  return [...(answer.constraints ?? []), ...own];
}

function rowConstraints(sample: Sample, field: string, dataFile: string): Constraint[] {
  const known = parsed.get(sample);
  if (known) return known;
  const result = constraintListSchema.safeParse(getField(sample.fields, field));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    const where = `${displayPath(dataFile)}${sample.line ? `:${sample.line}` : ''}`;
    throw new DataError(`${where} field "${field}"${at}: ${issue.message}`, {
      file: dataFile, line: sample.line,
      hint: 'give each row a list of constraint objects, e.g. [{"type": "max_words", "n": 50}]; the README lists the types',
    });
  }
  parsed.set(sample, result.data);
  return result.data;
}

/** Check every row's constraints when the task is loaded, so a bad row fails before any model is asked. */
export function checkRowConstraints(samples: Sample[], spec: TaskFile, dataFile: string): void {
  if (spec.answer.type !== 'generate' || !spec.answer.constraints_field) return;
  for (const s of samples) itemConstraints(spec, s, dataFile);
}
