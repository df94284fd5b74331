import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const TASK = `id: q
category: qa
family: f
description: d
license: MIT
data: data.jsonl
templates:
  - id: a
    prompt: "Q: {{question}}\\nA:"
answer:
  type: generate
  reference: answer
metrics: [squad_em]
`;

/** A 4-item QA task and a predictions file of `lines` (JSON rows, or raw text). */
function fixture(lines: unknown[] | string, items = 4): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-score-ids-'));
  mkdirSync(path.join(dir, 'q'));
  writeFileSync(path.join(dir, 'q/task.yaml'), TASK);
  const rows = Array.from({ length: items }, (_, i) => JSON.stringify({ id: `q${i + 1}`, question: `what ${i + 1}`, answer: `a${i + 1}` }));
  writeFileSync(path.join(dir, 'q/data.jsonl'), rows.join('\n') + '\n');
  writeFileSync(path.join(dir, 'pred.jsonl'), typeof lines === 'string' ? lines : lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}

const score = (dir: string, ...extra: string[]) => runCli(['score', 'q/task.yaml', '--predictions', 'pred.jsonl', '--out', 'out', ...extra], { cwd: dir });
const result = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'out/results/predictions.json'), 'utf8'));
const all = [1, 2, 3, 4].map((i) => ({ id: `q${i}`, prediction: `a${i}` }));

function expectExit2(r: { code: number | null; stderr: string }, ...needles: RegExp[]) {
  expect(r.code, r.stderr).toBe(2);
  for (const n of needles) expect(r.stderr).toMatch(n);
  expect(r.stderr).toMatch(/fix: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('heldout score counts what it matched (#19 item 3, #15)', () => {
  it('half the ids missing is an error naming the file, the count and the ids, not squad_em 50 over n=4', () => {
    const dir = fixture(all.slice(0, 2));
    expectExit2(score(dir), /pred\.jsonl/, /2 of 4 items of task q have no prediction/, /q3, q4/, /--allow-missing/);
  });

  it('--allow-missing scores them as missing, says so on stderr and records the counts in the result file', () => {
    const dir = fixture(all.slice(0, 2));
    const r = score(dir, '--allow-missing');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 of 4 items of task q have no prediction \(q3, q4\): scored as missing \(wrong\)/);
    expect(r.stdout).toMatch(/squad_em\t50\.0/);
    expect(result(dir).model.predictions).toMatchObject({ asked: 4, matched: 2, missing: 2, duplicates: 0, unknown: 0, allowMissing: true });
    const records = readFileSync(path.join(dir, 'out/samples/predictions/q.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.filter((x) => x.finish?.[0] === 'missing').map((x) => x.item).sort()).toEqual(['q3', 'q4']);
  });

  it('ids of another task are unknown, not a silent 0.0', () => {
    const dir = fixture([{ id: 'x1', prediction: 'a1' }, { id: 'x2', prediction: 'a2' }]);
    expectExit2(score(dir), /4 of 4 items of task q have no prediction/, /2 predictions match no item/, /x1, x2/);
  });

  it('a "task" field naming another task is reported as such', () => {
    const dir = fixture(all.map((p) => ({ ...p, task: 'zzz' })));
    expectExit2(score(dir), /4 of 4 items of task q have no prediction/, /4 predictions name task "zzz", which is not in this run/);
  });

  it('duplicate ids with different answers are an error naming both lines; identical ones are counted', () => {
    const dir = fixture([all[0], { id: 'q1', prediction: 'wrong' }, ...all.slice(1)]);
    expectExit2(score(dir), /pred\.jsonl:2 .*"q1".*line 1/);
    const same = fixture([all[0], all[0], ...all.slice(1)]);
    const r = score(same);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 duplicate prediction/);
    expect(result(same).model.predictions).toMatchObject({ matched: 4, duplicates: 1 });
  });

  it('a one-line JSONL file is one prediction, not a SQuAD {id: answer} object', () => {
    const dir = fixture([all[0]], 1);
    const r = score(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/squad_em\t100\.0/);
    expect(result(dir).model.predictions).toMatchObject({ asked: 1, matched: 1, unknown: 0 });
  });

  it('the SQuAD object form still works, and a non-string answer in it names its id', () => {
    const dir = fixture(JSON.stringify({ q1: 'a1', q2: 'a2', q3: 'a3', q4: 'nope' }));
    const r = score(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/squad_em\t75\.0/);
    expectExit2(score(fixture(JSON.stringify({ q1: 'a1', q2: ['a2'] }))), /"q2"/);
  });

  it('a predictions: model in a run with missing ids fails before any report, and --allow-missing records the counts', () => {
    const dir = fixture(all.slice(0, 3));
    writeFileSync(path.join(dir, 'bench.yaml'), `name: p\ntasks: ["q/task.yaml"]\nmodels:\n  base: { source: ${path.join(ROOT, 'models/tiny-base')} }\n  tuned: { source: "predictions:pred.jsonl" }\n`);
    expectExit2(runCli(['run', 'bench.yaml', '--out', 'run'], { cwd: dir }), /1 of 4 items of task q have no prediction \(q4\)/);
    const r = runCli(['run', 'bench.yaml', '--out', 'run2', '--allow-missing', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run2/results/tuned.json'), 'utf8')).model.predictions).toMatchObject({ missing: 1, matched: 3 });
  });
});
