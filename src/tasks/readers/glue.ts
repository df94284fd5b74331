import type { Row } from './types.js';
import { rowsFromRecords, type RawRecord } from './delimited.js';

const INDEX = /^-?\d+$/;

/**
 * GLUE TSV: a header and tab-separated fields with NO quote processing (GLUE
 * text holds raw quotes such as `"` and `''`). A `label` that is an integer
 * becomes a number, so it reads as an index into the task's `choices`.
 */
export function readGlue(file: string, text: string): Row[] {
  const records: RawRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (source.trim() !== '') records.push({ line: i + 1, fields: source.split('\t') });
  });
  const rows = rowsFromRecords(file, records, 'GLUE files are tab-separated with one header row; no field may hold a tab');
  for (const row of rows) {
    const label = row.data.label;
    if (typeof label === 'string' && INDEX.test(label.trim())) row.data.label = Number(label.trim());
  }
  return rows;
}
