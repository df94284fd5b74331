/** Every constraint kind against hand-made passing and failing answers, including edge cases. */
import { describe, expect, it } from 'vitest';
import { CONSTRAINT_TYPES, constraintSchema } from '../../../src/config/constraint-schema.js';
import { checkConstraint, followed, looseVariants } from '../../../src/metrics/constraints/index.js';
import { contentCases } from './cases-content.js';
import { formatCases } from './cases-format.js';
import { lengthCases } from './cases-length.js';

const ALL = [...lengthCases, ...contentCases, ...formatCases];

describe('constraint checkers', () => {
  for (const type of CONSTRAINT_TYPES) {
    const cases = ALL.filter(([c]) => c.type === type);
    it(`${type}: at least 5 cases, both passing and failing`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(5);
      expect(cases.some(([, , holds]) => holds)).toBe(true);
      expect(cases.some(([, , holds]) => !holds)).toBe(true);
    });
    for (const [raw, answer, holds, why] of cases) {
      it(`${type}: ${why}`, () => {
        const c = constraintSchema.parse(raw);
        expect(checkConstraint(c, answer)).toBe(holds);
      });
    }
  }
});

describe('strict and loose (IFEval)', () => {
  const lower = constraintSchema.parse({ type: 'lowercase' });
  const start = constraintSchema.parse({ type: 'starts_with', text: 'dear sam' });
  const jsonKeys = constraintSchema.parse({ type: 'json', keys: ['a'] });

  it('an empty or blank answer follows nothing, even a vacuous constraint', () => {
    const none = constraintSchema.parse({ type: 'exclude_keywords', words: ['x'] });
    expect(followed(none, '', 'strict')).toBe(false);
    expect(followed(none, '   \n', 'loose')).toBe(false);
    expect(followed(none, 'fine', 'strict')).toBe(true);
  });

  it('loose drops a first line of chatter', () => {
    const answer = 'Sure! Here you go:\ndear sam, all good.';
    expect(followed(start, answer, 'strict')).toBe(false);
    expect(followed(start, answer, 'loose')).toBe(true);
    expect(followed(lower, answer, 'loose')).toBe(true);
  });

  it('loose drops a last line and markdown emphasis', () => {
    expect(followed(start, '**Dear Sam**, hi', 'strict')).toBe(false);
    expect(followed(start, '**Dear Sam**, hi', 'loose')).toBe(true);
    const fenced = 'Here is the JSON:\n```json\n{"a": {"b": 1}}\n```';
    expect(followed(jsonKeys, fenced, 'strict')).toBe(false);
    expect(followed(jsonKeys, fenced, 'loose')).toBe(true);
  });

  it('loose cannot rescue an answer that breaks the rule everywhere', () => {
    expect(followed(lower, 'Hello\nWorld\nAgain', 'loose')).toBe(false);
  });

  it('builds the eight IFEval variants', () => {
    const v = looseVariants('*a*\nb\nc');
    expect(v).toEqual(['*a*\nb\nc', 'b\nc', '*a*\nb', 'b', 'a\nb\nc', 'b\nc', 'a\nb', 'b']);
  });
});
