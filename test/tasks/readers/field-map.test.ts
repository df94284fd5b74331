import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { detectFormat, expandPath, readRows } from '../../../src/tasks/readers/index.js';
import { fixtureDir, rejection } from './fixtures.js';

const { dir, write } = fixtureDir();

describe('field mapping', () => {
  it('copies source fields, including dotted paths, into task fields', async () => {
    const file = write('hf.jsonl', JSON.stringify({ q: 'Who?', answers: { text: ['A', 'B'] }, meta: { 'a.b': 1 } }) + '\n');
    const [row] = await readRows(file, { fields: { question: 'q', reference: 'answers.text', first: 'answers.text.0' } });
    expect(row?.data).toMatchObject({ q: 'Who?', question: 'Who?', reference: ['A', 'B'], first: 'A' });
  });

  it('names file, line, the field and the fields the row has when a source field is missing', async () => {
    const file = write('rows.jsonl', '{"sentence": "ok", "label": 1}\n{"text": "no sentence", "label": 0}\n');
    const err = await rejection(readRows(file, { fields: { input: 'sentence' } }));
    expect(err).toBeInstanceOf(DataError);
    expect(err.where).toBe(`${file}:2`);
    expect(err.message).toContain('"sentence"');
    expect(err.message).toContain('text, label');
    expect(err.hint).toMatch(/data\.fields/);
  });

  it('maps only the rows kept by limit', async () => {
    const file = write('limited.jsonl', '{"a": 1}\n{"b": 2}\n');
    expect(await readRows(file, { limit: 1, fields: { x: 'a' } })).toEqual([{ line: 1, data: { a: 1, x: 1 } }]);
  });
});

describe('paths', () => {
  it('expands ${VAR} and resolves against the task folder', () => {
    const env = { HELDOUT_DATA_DIR: '/data/public' };
    expect(expandPath('${HELDOUT_DATA_DIR}/sst2.jsonl', '/tasks/x', env)).toBe('/data/public/sst2.jsonl');
    expect(expandPath('data.jsonl', '/tasks/x', env)).toBe(path.resolve('/tasks/x/data.jsonl'));
    expect(expandPath('/abs/data.jsonl', '/tasks/x', env)).toBe('/abs/data.jsonl');
  });

  it('tells the user to set an unset (or empty) variable', () => {
    for (const env of [{}, { HELDOUT_DATA_DIR: '' }]) {
      let caught: unknown;
      try { expandPath('${HELDOUT_DATA_DIR}/a.jsonl', '/t', env); } catch (err) { caught = err; }
      expect(caught).toBeInstanceOf(DataError);
      expect((caught as DataError).message).toContain('HELDOUT_DATA_DIR');
      expect((caught as DataError).hint).toMatch(/set HELDOUT_DATA_DIR/);
    }
  });

  it('reports a missing file with its resolved path and a hint', async () => {
    const err = await rejection(readRows(path.join(dir, 'nope', 'missing.jsonl')));
    expect(err.message).toContain(path.join(dir, 'nope', 'missing.jsonl'));
    expect(err.hint).toMatch(/data\.path/);
  });

  it('detects the format from the extension and asks for data.format otherwise', () => {
    expect(detectFormat('a/b.jsonl')).toBe('jsonl');
    expect(detectFormat('a/b.JSON')).toBe('json');
    expect(detectFormat('a/b.csv.gz')).toBe('csv');
    expect(detectFormat('a/b.tsv')).toBe('tsv');
    expect(() => detectFormat('a/b.parquet')).toThrow(/extension/);
  });
});
