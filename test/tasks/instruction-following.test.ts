/**
 * The shipped instruction-following suites: each has ~100 items, every item's constraints validate
 * and match its instructions in words, and can all be satisfied at once (a search finds an answer
 * that passes every checker), so no item is impossible by construction.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Constraint } from '../../src/config/constraint-schema.js';
import { checkConstraint } from '../../src/metrics/constraints/index.js';
import { itemConstraints } from '../../src/tasks/constraints.js';
import { loadTask } from '../../src/tasks/load-task.js';
import { ROOT } from '../helpers/paths.js';

const TASKS = ['bullet-lists', 'json-records', 'constrained-writing'];
const file = (id: string) => path.join(ROOT, 'tasks/instruction-following', id, 'task.yaml');

function find<T extends Constraint['type']>(cs: Constraint[], type: T): Extract<Constraint, { type: T }> | undefined {
  return cs.find((c): c is Extract<Constraint, { type: T }> => c.type === type);
}

/** Candidate answers for one item's constraints, from a small grid of shapes. */
function* candidates(cs: Constraint[]): Generator<string> {
  const keywords = find(cs, 'include_keywords')?.words ?? [];
  const bullets = find(cs, 'num_bullets');
  const json = find(cs, 'json');
  if (json) { yield JSON.stringify(Object.fromEntries((json.keys ?? []).map((k, i) => [k, i === 0 ? keywords.join(' ') || 'x' : 'x']))); return; }
  const opening = find(cs, 'starts_with')?.text;
  const closing = find(cs, 'ends_with')?.text;
  for (const sentences of [1, 2, 3, 4, 5, 6]) {
    for (const perSentence of [1, 2, 4, 6, 9, 14, 20]) {
      for (const paragraphs of [1, 2, 3]) {
        for (const mergeClosing of [false, true]) {
          const body = Array.from({ length: sentences }, (_, i) => [
            ...(i === 0 && opening ? [opening] : []), ...(i === 0 ? keywords : []), ...Array<string>(perSentence).fill('stone'),
          ].join(' '));
          let parts = body.map((s) => `${s}.`);
          if (closing) parts = mergeClosing ? [...parts.slice(0, -1), `${body.at(-1)} ${closing}`] : [...parts, closing];
          if (bullets) parts = Array.from({ length: bullets.n }, (_, i) => `- ${i === 0 ? [...keywords, 'stone'].join(' ') : 'stone'}`);
          const per = Math.ceil(parts.length / paragraphs);
          const grouped = Array.from({ length: paragraphs }, (_, p) => parts.slice(p * per, (p + 1) * per).join(bullets ? '\n' : ' ')).filter(Boolean);
          let text = grouped.join(bullets ? '\n' : '\n\n');
          if (find(cs, 'lowercase')) text = text.toLowerCase();
          else if (find(cs, 'uppercase')) text = text.toUpperCase();
          if (find(cs, 'quoted')) text = `"${text}"`;
          yield text;
        }
      }
    }
  }
}

describe('tasks/instruction-following', () => {
  for (const id of TASKS) {
    it(`${id}: ~100 items with 3 templates, each item satisfiable`, async () => {
      const task = await loadTask(file(id));
      expect(task.category).toBe('instruction-following');
      expect(task.samples.length).toBeGreaterThanOrEqual(95);
      expect(task.templates.length).toBeGreaterThanOrEqual(3);
      for (const sample of task.samples) {
        const cs = itemConstraints(task.spec, sample)!;
        expect(cs.length, sample.id).toBeGreaterThan(0);
        const answer = [...candidates(cs)].find((a) => cs.every((c) => checkConstraint(c, a)));
        expect(answer, `${sample.id}: no answer satisfies ${JSON.stringify(cs)}`).toBeDefined();
      }
    });
  }

  it('the words of each instruction name the numbers and texts of its constraints', () => {
    for (const id of TASKS) {
      const rows = readFileSync(path.join(path.dirname(file(id)), 'data.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      for (const row of rows) {
        for (const c of row.constraints as Record<string, unknown>[]) {
          for (const key of ['n', 'text']) if (c[key] !== undefined && c.type !== 'include_keywords') expect(row.instructions, row.id).toContain(String(c[key]));
          for (const w of (c.keys ?? []) as string[]) expect(row.instructions, row.id).toContain(`"${w}"`);
        }
      }
    }
  });
});
