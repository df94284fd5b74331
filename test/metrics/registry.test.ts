import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/errors.js';
import { bleu, getMetric, listMetrics, scoreItems, type ScoreInput } from '../../src/metrics/index.js';

const choice = (prediction: string, gold: number, logprobs?: number[]): ScoreInput => ({
  prediction, references: [['yes', 'no'][gold]!], choices: ['yes', 'no'], gold, ...(logprobs ? { choiceLogprobs: logprobs } : {}),
});

describe('metric registry', () => {
  it('lists the names tasks use and rejects unknown ones with the list', () => {
    for (const name of ['acc', 'acc_norm', 'accuracy', 'format_rate', 'macro_f1', 'exact_match', 'squad_em', 'squad_f1', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'bleu', 'chrf', 'pass@1', 'pass@10']) {
      expect(listMetrics()).toContain(name);
      expect(getMetric(name).name).toBe(name);
    }
    expect(getMetric('pass@7').name).toBe('pass@7');
    expect(() => getMetric('bleurt')).toThrow(ConfigError);
    expect(() => getMetric('bleurt')).toThrow(/unknown metric/u);
  });

  it('scores rank classification (acc, acc_norm)', () => {
    const items = [choice('', 0, [-1, -2]), choice('', 1, [-1, -2])];
    expect(scoreItems('acc', items)).toBe(0.5);
    expect(getMetric('acc').binary).toBe(true);
    expect(() => scoreItems('acc', [choice('', 0)])).toThrow(InputError);
  });

  it('matches generated labels for accuracy, format_rate and macro_f1', () => {
    const items = [choice('Yes.', 0), choice('maybe', 1), choice('no', 1), choice('no', 0)];
    expect(scoreItems('accuracy', items)).toBe(0.5);
    expect(scoreItems('format_rate', items)).toBe(0.75);
    // labels {0,1}: F1(yes)= 2·1/(2+0+1)=2/3, F1(no)= 2·1/(2+1+1)=0.5
    expect(scoreItems('macro_f1', items)).toBeCloseTo((2 / 3 + 0.5) / 2, 15);
    expect(getMetric('macro_f1').itemStats(items[1]!, {})).toEqual([-1, 1]);
  });

  it('exact string match for generate tasks', () => {
    expect(scoreItems('accuracy', [{ prediction: ' 42 ', references: ['41', '42'] }])).toBe(1);
    expect(scoreItems('exact_match', [{ prediction: '42.', references: ['42'] }])).toBe(0);
  });

  it('reduces BLEU statistics to exact corpus BLEU over any subset', () => {
    const preds = ['the cat sat on the mat', 'a dog barked', 'hello there world'];
    const refs = [['the cat sat on a mat'], ['the dog barked loudly'], ['hello world']];
    const def = getMetric('bleu');
    const stats = preds.map((p, i) => def.itemStats({ prediction: p, references: refs[i]! }, {}));
    expect(def.reduce(stats, {})).toBe(bleu(preds, refs).score);
    expect(def.reduce([stats[0]!, stats[2]!], {})).toBe(bleu([preds[0]!, preds[2]!], [refs[0]!, refs[2]!]).score);
  });

  it('uses the stemmer for ROUGE unless told not to', () => {
    const item = { prediction: 'cats running', references: ['cat runs'] };
    expect(scoreItems('rouge1', [item])).toBe(1);
    expect(scoreItems('rouge1', [item], { use_stemmer: false })).toBe(0);
    expect(() => scoreItems('rouge1', [item], { use_stemmer: 'yes' })).toThrow(InputError);
  });

  it('averages pass@k over problems from [n, c] stats', () => {
    const def = getMetric('pass@1');
    const stats = [def.itemStats({ prediction: '', references: [], codeResults: [true, false] }, {}), def.itemStats({ prediction: '', references: [], codeResults: [true, true] }, {})];
    expect(stats).toEqual([[2, 1], [2, 2]]);
    expect(def.reduce(stats, {})).toBeCloseTo(0.75, 15);
    expect(() => getMetric('pass@10').itemStats({ prediction: '', references: [], codeResults: [true] }, {})).toThrow(InputError);
  });
});
