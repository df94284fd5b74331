import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRows } from '../../../src/tasks/readers/index.js';
import { fixtureDir, rejection } from './fixtures.js';

const { write } = fixtureDir();

describe('humaneval', () => {
  const problem = {
    task_id: 'HumanEval/0', prompt: 'def add(a, b):\n', canonical_solution: '    return a + b\n',
    test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n', entry_point: 'add',
  };

  it('derives id, solution and tests ending with check(entry_point), from plain or gzipped JSONL', async () => {
    const line = JSON.stringify(problem) + '\n';
    for (const file of [write('he.jsonl', line), write('HumanEval.jsonl.gz', gzipSync(line))]) {
      const [row] = await readRows(file, { format: 'humaneval' });
      expect(row?.data).toMatchObject({ id: 'HumanEval/0', solution: problem.canonical_solution, prompt: problem.prompt });
      expect(row?.data.tests).toBe(`${problem.test}\ncheck(add)`);
    }
  });

  it('names the missing HumanEval fields', async () => {
    const file = write('not-he.jsonl', '{"task_id": "x", "prompt": "p"}\n');
    const err = await rejection(readRows(file, { format: 'humaneval' }));
    expect(err.where).toBe(`${file}:1`);
    expect(err.message).toMatch(/canonical_solution, test, entry_point/);
  });
});

describe('mbpp', () => {
  it('normalizes the full and the sanitized layouts, row by row', async () => {
    const full = { text: 'Add two numbers.', code: 'def add(a,b): return a+b', task_id: 11,
      test_setup_code: 'import math', test_list: ['assert add(1,2)==3'], challenge_test_list: [] };
    const sanitized = { source_file: 'x.ipynb', task_id: 2, prompt: 'Sum a list.', code: 'def s(l): return sum(l)',
      test_imports: ['import re'], test_list: ['assert s([1])==1', 'assert s([])==0'] };
    const file = write('mbpp.jsonl', `${JSON.stringify(full)}\n${JSON.stringify(sanitized)}\n`);
    const [a, b] = await readRows(file, { format: 'mbpp' });
    expect(a?.data).toMatchObject({ id: '11', prompt: full.text, solution: full.code,
      tests: 'import math\nassert add(1,2)==3', test_list: full.test_list });
    expect(b?.data).toMatchObject({ id: '2', prompt: sanitized.prompt, solution: sanitized.code,
      tests: 'import re\nassert s([1])==1\nassert s([])==0' });
  });

  it('reads the upstream sanitized-mbpp.json array too', async () => {
    const item = { task_id: 2, prompt: 'p', code: 'c', test_imports: [], test_list: ['assert True'] };
    const text = JSON.stringify([item, { ...item, task_id: 3 }], null, 1);
    const rows = await readRows(write('sanitized-mbpp.json', text), { format: 'mbpp' });
    const lines = text.split('\n');
    expect(rows.map((r) => r.data.id)).toEqual(['2', '3']);
    expect(rows.map((r) => `${lines[r.line - 1]}${lines[r.line]}`)).toEqual([' {  "task_id": 2,', ' {  "task_id": 3,']);
  });
});

describe('squad', () => {
  it('flattens the official nested JSON, one row per question', async () => {
    const doc = { version: '1.1', data: [
      { title: 'Denver', paragraphs: [
        { context: 'The Broncos {won}.', qas: [
          { id: 'q1', question: 'Who won?', answers: [{ text: 'The Broncos', answer_start: 0 }, { text: 'Broncos', answer_start: 4 }] },
          { id: 'q2', question: 'What?', answers: [{ text: 'won', answer_start: 13 }] },
        ] },
      ] },
      { title: 'Empty', paragraphs: [{ context: 'c', qas: [{ id: 'q3', question: 'q?', answers: [] }] }] },
    ] };
    const file = write('dev-v1.1.json', JSON.stringify(doc, null, 2));
    const rows = await readRows(file, { format: 'squad' });
    expect(rows.map((r) => r.data)).toEqual([
      { id: 'q1', title: 'Denver', context: 'The Broncos {won}.', question: 'Who won?', answers: ['The Broncos', 'Broncos'] },
      { id: 'q2', title: 'Denver', context: 'The Broncos {won}.', question: 'What?', answers: ['won'] },
      { id: 'q3', title: 'Empty', context: 'c', question: 'q?', answers: [] },
    ]);
    const lines = JSON.stringify(doc, null, 2).split('\n');
    expect(rows.map((r) => lines[r.line - 1]?.trim())).toEqual(['{', '{', '{']);
    expect(lines[(rows[1]?.line ?? 0)]).toContain('"id": "q2"');
  });

  it('reads flat JSONL with HF-style, {text}-list and string-list answers', async () => {
    const base = { context: 'ctx', question: 'q?' };
    const file = write('flat.jsonl', [
      { ...base, id: 'a', answers: { text: ['x', 'y'], answer_start: [0, 1] } },
      { ...base, id: 'b', answers: [{ text: 'z' }] },
      { ...base, id: 'c', answers: ['w'], title: 'T' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const rows = await readRows(file, { format: 'squad' });
    expect(rows.map((r) => r.data.answers)).toEqual([['x', 'y'], ['z'], ['w']]);
    expect(rows[2]?.data.title).toBe('T');
  });

  it('rejects answers of an unknown shape at their line', async () => {
    const file = write('bad-squad.jsonl', '{"id": "a", "context": "c", "question": "q", "answers": [1]}\n');
    const err = await rejection(readRows(file, { format: 'squad' }));
    expect(err.where).toBe(`${file}:1`);
  });
});
