import path from 'node:path';
import { dataError } from './data-error.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { lineOfOffset, objectStartLines } from './json-positions.js';
import { readJsonLines } from './jsonl.js';
import { isRecord, type Row } from './types.js';

const SHAPE_HINT = 'a JSON data file must be an array of objects, or an object with a "data" array of objects';

/** Parse a whole JSON document, turning a syntax error into a DataError with its line. */
export function parseJsonDocument(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const line = offset < 0 ? undefined : lineOfOffset(text, offset);
    throw dataError(file, line, `is not valid JSON: ${(err as Error).message}`, {
      cause: err,
      hint: path.extname(file) === '.jsonl' ? undefined : 'if the file has one object per line, use format: jsonl',
    });
  }
}

/** JSON: an array of objects, or `{"data": [objects]}`. */
export function readJson(file: string, text: string): Row[] {
  const doc = parseJsonDocument(file, text);
  const items = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.data) ? doc.data : undefined;
  if (!items) throw dataError(file, 0, 'is neither an array of objects nor an object with a "data" array', { hint: SHAPE_HINT });
  const lines = objectStartLines(text, Array.isArray(doc) ? 1 : 2);
  const known = lines.length === items.length;
  return items.map((item: unknown, i) => {
    const line = known ? (lines[i] ?? 0) : 0;
    if (!isRecord(item)) {
      throw dataError(file, line, `item ${i} of the data array is not an object`, { hint: SHAPE_HINT });
    }
    return { line, data: item };
  });
}

/**
 * For formats that come both as one JSON document and as JSON Lines
 * (HumanEval, MBPP, SQuAD): a `.json` file or one starting with `[` is a
 * document, anything else is read line by line.
 */
export function isJsonDocument(file: string, text: string): boolean {
  const ext = path.extname(file.replace(/\.gz$/, '')).toLowerCase();
  return ext === '.json' || text.trimStart().startsWith('[');
}

/** Objects from a JSON document or from JSON Lines, whichever the file is. */
export function readJsonRecords(file: string, text: string): Row[] {
  return isJsonDocument(file, text) ? readJson(file, text) : readJsonLines(file, text);
}
