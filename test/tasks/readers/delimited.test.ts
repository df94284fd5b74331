import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { readRows } from '../../../src/tasks/readers/index.js';
import { fixtureDir, rejection } from './fixtures.js';

const { write } = fixtureDir();

describe('csv', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks (RFC 4180)', async () => {
    const file = write('quotes.csv', [
      'id,text,label',
      '1,"hello, world",pos',
      '2,"she said ""hi""",neg',
      '3,"two\nlines",pos',
      '4,,"" ',
      '5,plain "inner" quote,neg',
    ].join('\r\n') + '\r\n');
    const rows = await readRows(file);
    expect(rows.map((r) => r.data)).toEqual([
      { id: '1', text: 'hello, world', label: 'pos' },
      { id: '2', text: 'she said "hi"', label: 'neg' },
      { id: '3', text: 'two\nlines', label: 'pos' },
      { id: '4', text: '', label: ' ' },
      { id: '5', text: 'plain "inner" quote', label: 'neg' },
    ]);
    // Lines are where each record starts: the one after the embedded newline shifts by one.
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
  });

  it('skips blank lines, keeps a last record without a newline and drops a BOM', async () => {
    const file = write('bom.csv', '\uFEFFa,b\n\n1,2\n\n3,4');
    const rows = await readRows(file);
    expect(rows).toEqual([{ line: 3, data: { a: '1', b: '2' } }, { line: 5, data: { a: '3', b: '4' } }]);
  });

  it('names the line of an unterminated quote', async () => {
    const file = write('open.csv', 'a,b\n1,2\n3,"never closed\n4,5\n');
    const err = await rejection(readRows(file));
    expect(err).toBeInstanceOf(DataError);
    expect(err.where).toBe(`${file}:3`);
    expect(err.hint).toMatch(/two quotes/);
  });

  it('rejects a row with a different number of fields than the header', async () => {
    const file = write('ragged.csv', 'a,b\n1,2\n1,2,3\n');
    const err = await rejection(readRows(file));
    expect(err.where).toBe(`${file}:3`);
    expect(err.message).toMatch(/3 fields, the header has 2/);
  });
});

describe('tsv', () => {
  it('splits on tabs and honours quotes', async () => {
    const file = write('data.tsv', 'sentence\tlabel\n"a\tquoted tab"\t1\nplain, with comma\t0\n');
    const rows = await readRows(file);
    expect(rows.map((r) => r.data)).toEqual([
      { sentence: 'a\tquoted tab', label: '1' },
      { sentence: 'plain, with comma', label: '0' },
    ]);
  });
});

describe('glue', () => {
  it('keeps raw quotes as text and reads an integer label as an index', async () => {
    const file = write('dev.tsv', 'sentence\tlabel\r\n"the movie " is \'\' odd\t1\r\nunflinchingly bleak and desperate \t0\r\n');
    const rows = await readRows(file, { format: 'glue' });
    expect(rows).toEqual([
      { line: 2, data: { sentence: '"the movie " is \'\' odd', label: 1 } },
      { line: 3, data: { sentence: 'unflinchingly bleak and desperate ', label: 0 } },
    ]);
  });

  it('leaves a string label alone', async () => {
    const file = write('rte.tsv', 'index\tsentence1\tsentence2\tlabel\n0\tA "quoted\tB\tnot_entailment\n');
    const [row] = await readRows(file, { format: 'glue' });
    expect(row?.data).toEqual({ index: '0', sentence1: 'A "quoted', sentence2: 'B', label: 'not_entailment' });
  });
});
