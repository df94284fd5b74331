/** The four constraint metrics: prompt level (all constraints of an item) and instruction level (IFEval's micro share). */
import { describe, expect, it } from 'vitest';
import { constraintListSchema } from '../../../src/config/constraint-schema.js';
import { getMetric, scoreItems, type ScoreInput } from '../../../src/metrics/registry.js';

const item = (prediction: string, constraints: unknown[]): ScoreInput => ({
  prediction, references: [], constraints: constraintListSchema.parse(constraints),
});

// Item 1 follows 2 of 2, item 2 follows 1 of 3 (strictly), item 3 breaks its one constraint strictly but not loosely.
const ITEMS = [
  item('short and lower', [{ type: 'max_words', n: 5 }, { type: 'lowercase' }]),
  item('One, two, three.', [{ type: 'no_commas' }, { type: 'num_sentences', n: 1 }, { type: 'uppercase' }]),
  item('Sure, here it is:\nall lowercase now', [{ type: 'lowercase' }]),
];

describe('constraint metrics', () => {
  it('prompt level: an item counts only when every constraint holds', () => {
    expect(scoreItems('constraint_strict', ITEMS)).toBeCloseTo(1 / 3, 12);
    expect(scoreItems('constraint_loose', ITEMS)).toBeCloseTo(2 / 3, 12);
  });

  it('instruction level: constraints followed over constraints asked, summed over items', () => {
    // strict: 2 + 1 + 0 of 2 + 3 + 1 = 3/6; loose adds item 3's one: 4/6.
    expect(scoreItems('constraint_strict_inst', ITEMS)).toBeCloseTo(3 / 6, 12);
    expect(scoreItems('constraint_loose_inst', ITEMS)).toBeCloseTo(4 / 6, 12);
    const def = getMetric('constraint_strict_inst');
    expect(def.itemValue(def.itemStats(ITEMS[1]!, {}))).toBeCloseTo(1 / 3, 12);
  });

  it('prompt-level metrics are 0/1 (McNemar and flips apply); instruction-level ones are not', () => {
    expect(getMetric('constraint_strict').binary).toBe(true);
    expect(getMetric('constraint_loose').binary).toBe(true);
    expect(getMetric('constraint_strict_inst').binary).toBe(false);
    expect(getMetric('constraint_loose_inst').needs).toBe('generation');
  });

  it('names the fix when an item has no constraints', () => {
    expect(() => scoreItems('constraint_strict', [{ prediction: 'x', references: [] }])).toThrow(expect.objectContaining({
      message: expect.stringMatching(/needs the item's output constraints/), hint: expect.stringMatching(/answer\.constraints/),
    }));
  });
});
