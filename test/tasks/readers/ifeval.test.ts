/** format: ifeval reads IFEval's input_data.jsonl as is and maps its instruction ids to heldout's constraints. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followedList } from '../../../src/metrics/constraints/index.js';
import { IFEVAL_IDS } from '../../../src/tasks/readers/ifeval-map.js';
import { readRows } from '../../../src/tasks/readers/index.js';
import { runCli } from '../../helpers/cli.js';
import { datasetsDir, fixtureDir, rejection } from './fixtures.js';

// Hand-written rows in IFEval's layout (kwargs: {} for instructions without arguments).
const ROWS = [
  { key: 1000, prompt: 'Write a 300+ word summary of the history of tea. Do not use any commas and highlight at least 3 sections with markdown.',
    instruction_id_list: ['punctuation:no_comma', 'detectable_format:number_highlighted_sections', 'length_constraints:number_words'],
    kwargs: [{}, { num_highlights: 3 }, { relation: 'at least', num_words: 300 }] },
  { key: 1001, prompt: 'List two benefits of walking, in fewer than 20 words, all in lowercase.',
    instruction_id_list: ['length_constraints:number_words', 'change_case:english_lowercase'],
    kwargs: [{ relation: 'less than', num_words: 20 }, {}] },
  { key: 1002, prompt: 'Answer in JSON. Wrap nothing else around it.',
    instruction_id_list: ['detectable_format:json_format'], kwargs: [{}] },
  { key: 1003, prompt: 'Write 2 paragraphs about rivers separated by ***, and end with "Any other questions?"',
    instruction_id_list: ['length_constraints:number_paragraphs', 'startend:end_checker'],
    kwargs: [{ num_paragraphs: 2 }, { end_phrase: 'Any other questions?' }] },
  // IFBench-style kwargs: every key listed, the unused ones null.
  { key: 1004, prompt: 'Mention the word "lantern" at least twice and answer with exactly 3 bullet points.',
    instruction_id_list: ['keywords:frequency', 'detectable_format:number_bullet_lists'],
    kwargs: [{ keyword: 'lantern', frequency: 2, relation: 'at least', num_bullets: null, end_phrase: null }, { num_bullets: 3, keyword: null }] },
  { key: 1005, prompt: 'Respond in German only. Is it "My answer is yes." or no?',
    instruction_id_list: ['language:response_language', 'detectable_format:constrained_response'], kwargs: [{ language: 'de' }, {}] },
];

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('format: ifeval', () => {
  const fx = fixtureDir();

  it('maps every instruction to a constraint, with IFEval\'s "less than N" as at most N−1', async () => {
    const rows = await readRows(fx.write('input_data.jsonl', jsonl(ROWS)), { format: 'ifeval' });
    expect(rows.map((r) => r.data['id'])).toEqual(['1000', '1001', '1002', '1003', '1004', '1005']);
    expect(rows.map((r) => r.data['constraints'])).toEqual([
      [{ type: 'no_commas' }, { type: 'num_highlights', n: 3 }, { type: 'min_words', n: 300 }],
      [{ type: 'max_words', n: 19 }, { type: 'lowercase' }],
      [{ type: 'json' }],
      [{ type: 'num_paragraphs', n: 2, relation: 'exactly', separator: 'divider' }, { type: 'ends_with', text: 'Any other questions?', case_sensitive: false }],
      [{ type: 'keyword_frequency', word: 'lantern', n: 2, relation: 'at_least' }, { type: 'num_bullets', n: 3, relation: 'exactly' }],
      [{ type: 'language', code: 'de' }, { type: 'one_of', options: ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'] }],
    ]);
    expect(rows[0]!.data['prompt']).toBe(ROWS[0]!.prompt);
  });

  it('the mapped constraints judge hand-made answers as IFEval would', async () => {
    const rows = await readRows(fx.write('judge.jsonl', jsonl(ROWS)), { format: 'ifeval' });
    const judge = (i: number, answer: string) => followedList(rows[i]!.data['constraints'] as never, answer, 'strict');
    expect(judge(1, 'walking lifts mood and strengthens the heart')).toEqual([true, true]);
    expect(judge(1, 'Walking lifts mood, and ' + 'very '.repeat(20))).toEqual([false, false]);
    expect(judge(2, '```json\n{"river": {"name": "Nile", "km": 6650}}\n```')).toEqual([true]);
    expect(judge(3, 'Rivers carve valleys.\n***\nThey feed deltas. any other questions?')).toEqual([true, true]);
    expect(judge(4, '* a lantern\n* another Lantern\n* done')).toEqual([true, true]);
    expect(judge(5, 'Ja. My answer is yes. Das ist die Antwort und es ist gut.')).toEqual([true, true]);
  });

  it('covers all 25 IFEval instruction ids', () => {
    expect(IFEVAL_IDS).toHaveLength(25);
  });

  it('reports every unknown id with its row count and first line, in one error', async () => {
    const rows = [...ROWS, { key: 7, prompt: 'x', instruction_id_list: ['custom:haiku', 'punctuation:no_comma'], kwargs: [{}, {}] },
      { key: 8, prompt: 'y', instruction_id_list: ['custom:haiku'], kwargs: [{}] }];
    const err = await rejection(readRows(fx.write('unknown.jsonl', jsonl(rows)), { format: 'ifeval' }));
    expect(err.message).toMatch(/unknown\.jsonl:7 uses 1 instruction id heldout has no checker for, in 2 of 8 rows: custom:haiku \(2 rows, first at line 7\)/);
    expect(err.hint).toMatch(/IFEval's 25 ids/);
  });

  it('names the row and the instruction when a kwarg is missing or a row is malformed', async () => {
    const bad = [{ ...ROWS[1], kwargs: [{ relation: 'fewer than', num_words: 20 }, {}] }];
    expect((await rejection(readRows(fx.write('rel.jsonl', jsonl(bad)), { format: 'ifeval' }))).message)
      .toMatch(/rel\.jsonl:1 instruction 1 \(length_constraints:number_words\): relation must be "less than" or "at least"/);
    const missing = [{ ...ROWS[4], kwargs: [{ keyword: 'lantern', relation: 'at least' }, { num_bullets: 3 }] }];
    expect((await rejection(readRows(fx.write('miss.jsonl', jsonl(missing)), { format: 'ifeval' }))).message)
      .toMatch(/miss\.jsonl:1 instruction 1 \(keywords:frequency\): kwarg "frequency" must be a number, got null/);
    const short = [{ ...ROWS[0], kwargs: [{}] }];
    expect((await rejection(readRows(fx.write('short.jsonl', jsonl(short)), { format: 'ifeval' }))).message)
      .toMatch(/short\.jsonl:1 "kwargs" must be a list with one object per instruction \(3\)/);
  });

  it('a task file with format: ifeval is scored by heldout score without converting the file', () => {
    const data = fx.write('ifeval-input_data.jsonl', jsonl(ROWS.slice(1, 3)));
    const task = fx.write('task.yaml', `id: ifeval-mini
category: instruction-following
family: ifeval
description: two IFEval-format rows
license: test
data: {path: ${path.basename(data)}, format: ifeval}
templates: [{id: as-is, prompt: "{{prompt}}"}]
answer: {type: generate, constraints_field: constraints, max_new_tokens: 256}
metrics: [constraint_strict, constraint_loose, constraint_strict_inst, constraint_loose_inst]
`);
    const predictions = fx.write('answers.jsonl', jsonl([
      { id: '1001', prediction: 'Sure:\nwalking helps sleep and mood' },
      { id: '1002', prediction: '{"ok": true}' },
    ]));
    const out = path.join(fx.dir, 'scored');
    const r = runCli(['score', task, '--predictions', predictions, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(path.join(out, 'results/predictions.json'), 'utf8')).tasks[0].metrics;
    // 1001 strictly: words ok, lowercase broken by "Sure:"; loosely both hold. 1002 holds.
    expect(metrics.constraint_strict.value).toBe(0.5);
    expect(metrics.constraint_loose.value).toBe(1);
    expect(metrics.constraint_strict_inst.value).toBeCloseTo(2 / 3, 12);
    expect(metrics.constraint_loose_inst.value).toBe(1);
  });
});

const IFBENCH = path.join(datasetsDir, 'ifbench-test.jsonl');

describe.skipIf(!existsSync(IFBENCH))('format: ifeval on a real file in the same layout (IFBench test, 300 rows)', () => {
  it('reads every row and names each of its 58 instruction ids heldout does not check', async () => {
    const err = await rejection(readRows(IFBENCH, { format: 'ifeval' }));
    expect(err.message).toMatch(/uses 58 instruction ids heldout has no checker for, in 300 of 300 rows: /);
    expect(err.message).toMatch(/sentence:keyword \(15 rows, first at line \d+\)/);
    expect(err.message).toMatch(/, and 38 more$/);
    expect(err.line).toBeGreaterThan(0);
  });

  it('its IFEval-layout rows parse (key, prompt, ids, null-padded kwargs) once unknown ids are out of the way', async () => {
    const fx = fixtureDir();
    const text = readFileSync(IFBENCH, 'utf8').split('\n').filter(Boolean).map((line) => {
      const row = JSON.parse(line);
      return JSON.stringify({ ...row, instruction_id_list: row.instruction_id_list.map(() => 'punctuation:no_comma') });
    }).join('\n');
    const rows = await readRows(fx.write('ifbench-as-no-comma.jsonl', text), { format: 'ifeval' });
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => (r.data['constraints'] as unknown[]).every((c) => JSON.stringify(c) === '{"type":"no_commas"}'))).toBe(true);
  });
});

describe('benchmarks/ifeval', () => {
  it('its task reads an IFEval file from HELDOUT_DATA_DIR and validates', () => {
    const fx = fixtureDir();
    fx.write('ifeval-input_data.jsonl', jsonl(ROWS));
    const r = runCli(['tasks', 'validate', 'benchmarks/ifeval/task.yaml'], { env: { HELDOUT_DATA_DIR: fx.dir } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/1 of 1 task files valid/);
  });
});
