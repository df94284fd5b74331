import { dataError } from './data-error.js';
import type { Row } from './types.js';

/** One record of a delimited file: its fields and the line it starts on. */
export interface RawRecord { line: number; fields: string[] }

/**
 * RFC 4180 records: fields may be quoted, and a quoted field may hold the
 * delimiter, line breaks and doubled quotes. CRLF or LF ends a record; blank
 * lines are skipped. A quote inside an unquoted field is kept as text.
 */
export function parseDelimited(file: string, text: string, delimiter: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && field === '' && !quoted) {
      const end = closingQuote(file, text, i, line);
      field = text.slice(i + 1, end).replaceAll('""', '"');
      line += countNewlines(field);
      quoted = true;
      i = end;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      if (fields.length > 0 || field !== '' || quoted) records.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      quoted = false;
      start = ++line;
    } else field += ch;
  }
  if (fields.length > 0 || field !== '' || quoted) records.push({ line: start, fields: [...fields, field] });
  return records;
}

/** Index of the quote closing the field opened at `open` (skipping doubled quotes). */
function closingQuote(file: string, text: string, open: number, line: number): number {
  let i = open + 1;
  for (;;) {
    const next = text.indexOf('"', i);
    if (next === -1) {
      throw dataError(file, line, 'a quoted field starts here and is never closed', {
        hint: 'close the quote, and write a quote inside a quoted field as two quotes ("")',
      });
    }
    if (text[next + 1] !== '"') return next;
    i = next + 2;
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

/** Rows from records whose first record is the header. */
export function rowsFromRecords(file: string, records: RawRecord[], hint: string): Row[] {
  const [header, ...body] = records;
  if (!header) return [];
  const names = header.fields.map((name) => name.trim());
  return body.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw dataError(file, line, `has ${fields.length} fields, the header has ${names.length}`, { hint });
    }
    const data: Record<string, unknown> = {};
    names.forEach((name, i) => { data[name] = fields[i]; });
    return { line, data };
  });
}

/** A reader for a delimited file with a header row (CSV: ",", TSV: "\t"). */
export function delimitedReader(delimiter: string): (file: string, text: string) => Row[] {
  const name = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  const hint = `fields are separated by ${name}; quote a field that contains the separator, a quote or a line break`;
  return (file, text) => rowsFromRecords(file, parseDelimited(file, text, delimiter), hint);
}
