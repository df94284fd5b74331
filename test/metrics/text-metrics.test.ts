import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  bleu, bleuSegmentStats, chrF, normalizeSquadAnswer, passAtK, porterStem, rouge, rougeTokenize,
  sentenceBleu, squadExactMatch, squadF1, tokenize13a,
} from '../../src/metrics/index.js';

describe('SQuAD', () => {
  it('normalizes like the official script', () => {
    expect(normalizeSquadAnswer('The  Denver-Broncos, a team!')).toBe('denverbroncos team');
    expect(normalizeSquadAnswer('éthe cat')).toBe('éthe cat');
    expect(normalizeSquadAnswer('a\u00a0b')).toBe('b');
  });

  it('takes the max over golds; empty vs empty is EM 1 but F1 0', () => {
    expect(squadF1('New York City', ['New York', 'NYC'])).toBeCloseTo(0.8, 15);
    expect(squadExactMatch('', [''])).toBe(1);
    expect(squadF1('', [''])).toBe(0);
    expect(() => squadF1('x', [])).toThrow(InputError);
  });
});

describe('Porter stemmer (NLTK_EXTENSIONS)', () => {
  it.each([
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'tie'], ['dies', 'die'], ['dying', 'die'],
    ['skies', 'sky'], ['agreed', 'agre'], ['feed', 'feed'], ['hopping', 'hop'], ['falling', 'fall'],
    ['filing', 'file'], ['happy', 'happi'], ['enjoy', 'enjoy'], ['relational', 'relat'], ['generously', 'gener'],
    ['geology', 'geolog'], ['radically', 'radic'], ['controlling', 'control'], ['connections', 'connect'],
    ['news', 'news'], ['proceed', 'proceed'], ['at', 'at'], ['syzygy', 'syzygi'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe('ROUGE', () => {
  it('tokenizes like rouge-score', () => {
    expect(rougeTokenize("It's Zürich, café!", false)).toEqual(['it', 's', 'z', 'rich', 'caf']);
    expect(rougeTokenize('the running dogs', true)).toEqual(['the', 'run', 'dog']);
  });

  it('computes ROUGE-1/2/L on a hand case', () => {
    const s = rouge('the cat sat', 'the cat ran', { types: ['rouge1', 'rouge2', 'rougeL'] });
    expect(s.rouge1!.fmeasure).toBeCloseTo(2 / 3, 15);
    expect(s.rouge2!.fmeasure).toBeCloseTo(0.5, 15);
    expect(s.rougeL!.fmeasure).toBeCloseTo(2 / 3, 15);
  });

  it('uses union LCS over newline-split sentences for rougeLsum', () => {
    // Sentence order does not matter to Lsum: each reference sentence finds its match.
    expect(rouge('c d\na b', 'a b\nc d', { types: ['rougeLsum'] }).rougeLsum!.fmeasure).toBe(1);
    expect(rouge('c d\na b', 'a b\nc d', { types: ['rougeL'] }).rougeL!.fmeasure).toBe(0.5);
    // union of LCS([a b c], [b a]) = one of a|b, and LCS([a b c], [c]) = c
    expect(rouge('b a\nc', 'a b c', { types: ['rougeLsum'] }).rougeLsum!.recall).toBeCloseTo(2 / 3, 15);
  });

  it('keeps the best reference by F per type', () => {
    expect(rouge('a b', ['x y', 'a b'], { types: ['rouge1'] }).rouge1!.fmeasure).toBe(1);
  });
});

describe('BLEU (sacreBLEU defaults)', () => {
  it('tokenizes with the 13a rules', () => {
    expect(tokenize13a('Hello, world! It costs $3.50-4.')).toBe('Hello , world ! It costs $ 3.50 - 4 .');
  });

  it('reproduces sacreBLEU test values', () => {
    const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const refs = [['The dog bit the man.', 'The dog had bit the man.'], ['It was not unexpected.', 'No one was surprised.'], ['The man bit him first.', 'The man had bitten the dog.']];
    expect(Math.abs(bleu(hyps, refs).score - 0.48530827)).toBeLessThan(1e-9);
    expect(bleu(['', '', ''], refs).score).toBe(0);
    expect(bleuSegmentStats('am I am a character sequence', ['I am a symbol string sequence a a'])).toEqual([6, 8, 4, 2, 1, 0, 6, 5, 4, 3]);
    const sys = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
    expect(Math.abs(sentenceBleu(sys, ['producţia de zahăr brut se exprimă în zahăr alb;']).score - 0.08493)).toBeLessThan(1e-5);
  });

  it('sums sufficient statistics: corpus BLEU is not the mean of sentence BLEU', () => {
    expect(bleu(['a b c d'], [['a b c d']]).score).toBeCloseTo(1, 12);
    expect(bleu(['a b c d', 'x'], [['a b c d'], ['y']]).sysLen).toBe(5);
  });
});

describe('chrF (sacreBLEU)', () => {
  it('reproduces sacreBLEU test values (β = 3 cases from its suite)', () => {
    expect(chrF(['aa'], [['ab']], { beta: 3 })).toBeCloseTo(0.25, 12);
    expect(chrF(['a', 'b'], [['a'], ['c']], { beta: 3 })).toBeCloseTo(0.5, 12);
    expect(chrF(['a b c'], [['abc']], { beta: 3 })).toBeCloseTo(1, 12);
    const cz = chrF(['Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.'], [['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.']], { epsSmoothing: true });
    expect(Math.abs(cz - 0.3914078509)).toBeLessThan(1e-9);
  });
});

describe('pass@k', () => {
  it('matches the closed form and edge cases', () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 15);
    expect(passAtK(5, 2, 4)).toBe(1);
    expect(passAtK(10, 0, 5)).toBe(0);
    // 1 - C(17,3)/C(20,3) = 1 - 680/1140
    expect(passAtK(20, 3, 3)).toBeCloseTo(1 - 680 / 1140, 14);
  });

  it('rejects n < k and nonsense counts', () => {
    expect(() => passAtK(3, 1, 5)).toThrow(InputError);
    expect(() => passAtK(3, 4, 1)).toThrow(InputError);
  });
});
