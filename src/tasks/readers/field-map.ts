import { dataError } from './data-error.js';
import { isRecord, listFields, type Row } from './types.js';

/**
 * The value at `source` in a row: an exact key first (keys may hold dots),
 * else a dotted path through objects and array indexes (`answers.text`,
 * `answers.0`). Undefined when any step is missing.
 */
export function valueAtPath(data: Record<string, unknown>, source: string): unknown {
  if (Object.hasOwn(data, source)) return data[source];
  let current: unknown = data;
  for (const step of source.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (isRecord(current) && Object.hasOwn(current, step)) current = current[step];
    else return undefined;
  }
  return current;
}

/** Copy each mapped source value into its task field (`fields: {taskField: sourceField}`). */
export function applyFieldMap(file: string, rows: Row[], fields: Record<string, string>): Row[] {
  const mapping = Object.entries(fields);
  return rows.map(({ line, data }) => {
    const mapped: Record<string, unknown> = { ...data };
    for (const [target, source] of mapping) {
      const value = valueAtPath(data, source);
      if (value === undefined) {
        throw dataError(file, line, `field "${source}" (mapped to "${target}") is missing; this row has: ${listFields(data)}`, {
          hint: 'fix `data.fields` in the task file: each value names a field of the data rows',
        });
      }
      mapped[target] = value;
    }
    return { line, data: mapped };
  });
}
