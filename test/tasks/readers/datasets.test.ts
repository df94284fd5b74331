import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows, type ReaderFormat, type Row } from '../../../src/tasks/readers/index.js';
import { datasetsDir } from './fixtures.js';

const present = existsSync(path.join(datasetsDir, 'SOURCES.md'));

/** Row counts as ../shared/datasets/SOURCES.md states them. */
const FILES: { file: string; format: ReaderFormat; rows: number }[] = [
  { file: 'humaneval.jsonl', format: 'humaneval', rows: 164 },
  { file: 'mbpp-sanitized.jsonl', format: 'mbpp', rows: 427 },
  { file: 'mbpp-test.jsonl', format: 'mbpp', rows: 500 },
  { file: 'sst2-validation.jsonl', format: 'jsonl', rows: 872 },
  { file: 'agnews-test-500.jsonl', format: 'jsonl', rows: 500 },
  { file: 'boolq-validation-500.jsonl', format: 'jsonl', rows: 500 },
  { file: 'rte-validation.jsonl', format: 'jsonl', rows: 277 },
  { file: 'squad-v1.1-dev-500.jsonl', format: 'squad', rows: 500 },
  { file: 'squad-v1.1-dev-500-predictions.jsonl', format: 'jsonl', rows: 2500 },
  { file: 'xsum-500.jsonl', format: 'jsonl', rows: 500 },
  { file: 'samsum-test.jsonl', format: 'jsonl', rows: 819 },
  { file: 'metric-vectors.jsonl', format: 'jsonl', rows: 224 },
];

const load = (file: string, format: ReaderFormat): Promise<Row[]> => readRows(path.join(datasetsDir, file), { format });

describe.skipIf(!present)(`shared datasets (${present ? datasetsDir : `skipped: ${datasetsDir} not found`})`, () => {
  it.each(FILES)('$file loads $rows rows with the $format reader, one per line', async ({ file, format, rows }) => {
    const loaded = await load(file, format);
    expect(loaded).toHaveLength(rows);
    expect(loaded.map((r) => r.line)).toEqual(loaded.map((_r, i) => i + 1));
  });

  it('HumanEval: id is task_id and tests end with check(<entry_point>)', async () => {
    const rows = await load('humaneval.jsonl', 'humaneval');
    expect(rows[0]?.data.id).toBe('HumanEval/0');
    expect(rows[163]?.data.id).toBe('HumanEval/163');
    for (const { data } of rows) {
      expect(data.tests).toBe(`${String(data.test)}\ncheck(${String(data.entry_point)})`);
      expect(data.solution).toBe(data.canonical_solution);
      expect(String(data.prompt)).toContain(`def ${String(data.entry_point)}`);
    }
  });

  it('MBPP: both variants give id, prompt, solution and tests that hold every assert', async () => {
    const sanitized = await load('mbpp-sanitized.jsonl', 'mbpp');
    const full = await load('mbpp-test.jsonl', 'mbpp');
    expect(full[0]?.data).toMatchObject({ id: '11', prompt: expect.stringMatching(/^Write a python function/) });
    expect(full.at(-1)?.data.id).toBe('510');
    for (const { data } of [...sanitized, ...full]) {
      expect(typeof data.prompt).toBe('string');
      expect(data.solution).toBe(data.code);
      for (const assertion of data.test_list as string[]) expect(String(data.tests)).toContain(assertion);
    }
    const withImports = sanitized.find((r) => (r.data.test_imports as string[]).length > 0);
    expect(String(withImports?.data.tests).startsWith((withImports?.data.test_imports as string[])[0] ?? '?')).toBe(true);
  });

  it('SQuAD: every row has a string id, context, question and a non-empty answers list found in the context', async () => {
    const rows = await load('squad-v1.1-dev-500.jsonl', 'squad');
    expect(rows[0]?.data).toMatchObject({ id: '56be4db0acb8001400a502ec', title: 'Super_Bowl_50' });
    for (const { data } of rows) {
      const answers = data.answers as string[];
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) expect(String(data.context)).toContain(answer);
      expect(typeof data.question).toBe('string');
    }
  });

  it('keeps SST-2 text exactly, trailing space included', async () => {
    const [first] = await load('sst2-validation.jsonl', 'jsonl');
    expect(first?.data).toEqual({ idx: 0, sentence: "it 's a charming and often affecting journey . ", label: 1 });
  });
});
