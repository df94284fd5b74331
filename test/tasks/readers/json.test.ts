import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { readRows } from '../../../src/tasks/readers/index.js';
import { jsonErrorOffset } from '../../../src/tasks/readers/json-error-offset.js';
import { fixtureDir, rejection } from './fixtures.js';

const { write } = fixtureDir();

describe('jsonl', () => {
  it('reads one object per line, skipping blank lines, with 1-based lines', async () => {
    const file = write('ok.jsonl', '{"a": 1}\n\n{"a": 2}\r\n');
    expect(await readRows(file)).toEqual([{ line: 1, data: { a: 1 } }, { line: 3, data: { a: 2 } }]);
  });

  it('names file and line of a bad line, with a hint', async () => {
    const file = write('bad.jsonl', '{"a": 1}\n{"a": 2}\n{"a": 3,,}\n');
    const err = await rejection(readRows(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.code).toBe('E_DATA');
    expect(err.where).toBe(`${file}:3`);
    expect(err.message.startsWith(`${file}:3 is not valid JSON`)).toBe(true);
    expect(err.hint).toMatch(/each line must be one JSON object/);
  });

  it('rejects a line that is JSON but not an object', async () => {
    const file = write('array.jsonl', '{"a": 1}\n[1, 2]\n');
    const err = await rejection(readRows(file));
    expect(err.where).toBe(`${file}:2`);
    expect(err.message).toMatch(/an array, not a JSON object/);
  });
});

describe('json', () => {
  it('reads an array of objects with the line each object starts on', async () => {
    const file = write('array.json', '[\n  {"a": "x{"},\n  {\n    "a": "y"\n  }\n]\n');
    expect(await readRows(file)).toEqual([{ line: 2, data: { a: 'x{' } }, { line: 3, data: { a: 'y' } }]);
  });

  it('reads an object with a data array', async () => {
    const file = write('wrapped.json', '{"version": "1", "data": [\n{"a": 1},\n{"a": 2}]}');
    expect(await readRows(file)).toEqual([{ line: 2, data: { a: 1 } }, { line: 3, data: { a: 2 } }]);
  });

  it('rejects other shapes and reports the line of a syntax error', async () => {
    expect((await rejection(readRows(write('scalar.json', '{"rows": []}')))).message).toMatch(/"data" array/);
    const err = await rejection(readRows(write('broken.json', '[\n{"a": 1},\n{"a": }\n]')));
    expect(err.line).toBe(3);
  });

  it('keeps the first N rows with limit', async () => {
    const file = write('many.jsonl', [1, 2, 3, 4].map((n) => JSON.stringify({ n })).join('\n'));
    expect((await readRows(file, { limit: 2 })).map((r) => r.data.n)).toEqual([1, 2]);
  });
});

describe('jsonErrorOffset', () => {
  it('finds where JSON stops being valid, or -1 when it is valid', () => {
    const valid = '{"a": [1, -2.5e3, true, null, "x\\"y\\u00e9"], "b": {}}';
    expect(JSON.parse(valid)).toBeTruthy();
    expect(jsonErrorOffset(valid)).toBe(-1);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('["tab\there"]')).toBe(1);
  });
});
