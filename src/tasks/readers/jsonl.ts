import { dataError } from './data-error.js';
import { isRecord, type Row } from './types.js';

const HINT = 'each line must be one JSON object ({...}); blank lines are skipped';

/** JSON Lines: one object per line. */
export function readJsonLines(file: string, text: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const source = (lines[i] ?? '').trim();
    if (source === '') continue;
    rows.push({ line: i + 1, data: parseLine(file, source, i + 1) });
  }
  return rows;
}

function parseLine(file: string, source: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw dataError(file, line, `is not valid JSON: ${(err as Error).message}`, { hint: HINT, cause: err });
  }
  if (!isRecord(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw dataError(file, line, `holds ${kind}, not a JSON object`, { hint: HINT });
  }
  return value;
}
