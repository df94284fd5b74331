import path from 'node:path';
import { dataError } from './data-error.js';
import { READER_FORMATS } from '../../config/task-schema.js';
import { delimitedReader } from './delimited.js';
import { expandPath } from './expand-path.js';
import { applyFieldMap } from './field-map.js';
import { readGlue } from './glue.js';
import { readHumanEval } from './humaneval.js';
import { readIfEval } from './ifeval.js';
import { readJson } from './json.js';
import { readJsonLines } from './jsonl.js';
import { readMbpp } from './mbpp.js';
import { readDataText } from './read-text.js';
import { readSquad } from './squad.js';
import type { ReaderFormat, ReadOptions, Reader, Row } from './types.js';

export type { ReaderFormat, ReadOptions, Row } from './types.js';
export { expandPath } from './expand-path.js';
export { valueAtPath } from './field-map.js';

/** One line per format. */
const READERS: Record<ReaderFormat, Reader> = {
  jsonl: readJsonLines,
  json: readJson,
  csv: delimitedReader(','),
  tsv: delimitedReader('\t'),
  glue: readGlue,
  humaneval: readHumanEval,
  mbpp: readMbpp,
  squad: readSquad,
  ifeval: readIfEval,
};

const BY_EXTENSION: Record<string, ReaderFormat> = {
  '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.csv': 'csv', '.tsv': 'tsv',
};

/** The reader a file's extension implies (`.gz` is looked through). */
export function detectFormat(file: string): ReaderFormat {
  const ext = path.extname(file.replace(/\.gz$/i, '')).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) {
    throw dataError(file, 0, `has no extension that names a data format (got "${ext}")`, {
      hint: `set data.format to one of: ${READER_FORMATS.join(', ')}`,
    });
  }
  return format;
}

/**
 * Read a data file into rows: the format's reader, then `limit`, then the
 * field mapping. `${VAR}` in `file` expands and a relative path resolves
 * against the working directory; task loaders resolve against the task file
 * with `expandPath` first.
 */
export async function readRows(file: string, opts: ReadOptions = {}): Promise<Row[]> {
  const resolved = expandPath(file, process.cwd());
  const text = await readDataText(resolved, opts.onWarning);
  const format = opts.format ?? detectFormat(resolved);
  const reader = READERS[format] as Reader | undefined;
  if (!reader) {
    throw dataError(resolved, 0, `cannot be read: unknown data format "${String(format)}"`, { hint: `use one of: ${READER_FORMATS.join(', ')}` });
  }
  const rows = reader(resolved, text);
  const kept = opts.limit === undefined ? rows : rows.slice(0, Math.max(0, opts.limit));
  return opts.fields ? applyFieldMap(resolved, kept, opts.fields) : kept;
}
