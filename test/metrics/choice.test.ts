import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { accuracy, macroF1, matchLabel, normalizeLabel, rankChoice } from '../../src/metrics/index.js';

describe('accuracy and macro F1', () => {
  it('computes accuracy as the fraction of exact matches', () => {
    expect(accuracy(['a', 'b', 'c', 'a'], ['a', 'b', 'a', 'b'])).toBe(0.5);
    expect(() => accuracy(['a'], [])).toThrow(InputError);
  });

  it('matches sklearn f1_score(average="macro") on a hand-computed case', () => {
    // golds a a b b c; preds a b b b a → F1(a)=0.5, F1(b)=0.8, F1(c)=0 → mean 0.4333…
    expect(macroF1(['a', 'b', 'b', 'b', 'a'], ['a', 'a', 'b', 'b', 'c'])).toBeCloseTo((0.5 + 0.8 + 0) / 3, 15);
  });

  it('counts a predicted label with no gold support (sklearn labels = golds ∪ preds)', () => {
    // golds a a; preds a x → F1(a)=2/3, F1(x)=0 → 1/3
    expect(macroF1(['a', 'x'], ['a', 'a'])).toBeCloseTo(1 / 3, 15);
  });

  it('scores a given label that never occurs as 0 (zero_division default)', () => {
    expect(macroF1(['a', 'b'], ['a', 'b'], ['a', 'b', 'c'])).toBeCloseTo(2 / 3, 15);
  });
});

describe('rank classification', () => {
  it('takes the argmax of summed and of per-character log-probs', () => {
    // ' no' -3 (len 3 → -1), ' yes please' -5 (len 11 → -0.4545)
    expect(rankChoice([-3, -5], [' no', ' yes please'])).toEqual({ acc: 0, accNorm: 1 });
  });

  it('breaks ties toward the first choice and counts code points', () => {
    expect(rankChoice([-2, -2], ['x', 'y'])).toEqual({ acc: 0, accNorm: 0 });
    // '東京' is 2 code points: -2/2 = -1 beats -3/2
    expect(rankChoice([-3, -2], ['ab', '東京']).accNorm).toBe(1);
  });
});

describe('label matching', () => {
  it('normalizes by trimming, lowercasing and dropping trailing punctuation', () => {
    expect(normalizeLabel('  Positive.\n')).toBe('positive');
    expect(matchLabel('NEGATIVE!', ['positive', 'negative'])).toBe(1);
    expect(matchLabel('neutral', ['positive', 'negative'])).toBe(-1);
  });
});
