/**
 * SQuAD v1.1 exact match and token F1, as the official `evaluate-v1.1.py`
 * computes them (scores are fractions, not ×100).
 */
import { InputError } from '../errors.js';
import { countItems, overlapCount, PY_PUNCTUATION, pySplit } from './python-text.js';

/*
 * Python's `re` `\b` is Unicode-aware: a word character is a letter, a number
 * or `_`. Lookarounds with `\p{…}` reproduce that (a bare JS `\b` would treat
 * `é` as a boundary and strip the `the` out of `éthe`).
 */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** lower → drop ASCII punctuation → drop articles a/an/the → collapse whitespace. */
export function normalizeSquadAnswer(text: string): string {
  const lowered = text.toLowerCase();
  let withoutPunct = '';
  for (const ch of lowered) if (!PY_PUNCTUATION.has(ch)) withoutPunct += ch;
  const withoutArticles = withoutPunct.replace(ARTICLES, ' ');
  return pySplit(withoutArticles).join(' ');
}

function exactMatchOne(prediction: string, gold: string): number {
  return normalizeSquadAnswer(prediction) === normalizeSquadAnswer(gold) ? 1 : 0;
}

/**
 * Token F1. Like the official script, no shared tokens gives 0 — including the
 * case where both sides normalize to nothing (then EM is 1 but F1 is 0).
 */
function f1One(prediction: string, gold: string): number {
  const predTokens = pySplit(normalizeSquadAnswer(prediction));
  const goldTokens = pySplit(normalizeSquadAnswer(gold));
  const shared = overlapCount(countItems(predTokens), countItems(goldTokens));
  if (shared === 0) return 0;
  const precision = (1.0 * shared) / predTokens.length;
  const recall = (1.0 * shared) / goldTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

function maxOverGolds(score: (p: string, g: string) => number, prediction: string, golds: string[]): number {
  if (golds.length === 0) throw new InputError('SQuAD scoring needs at least one gold answer', { hint: 'Give every item a non-empty `answers` list.' });
  return Math.max(...golds.map((gold) => score(prediction, gold)));
}

/** 1 when the prediction equals some gold answer after normalization, else 0. */
export function squadExactMatch(prediction: string, golds: string[]): number {
  return maxOverGolds(exactMatchOne, prediction, golds);
}

/** Best token-overlap F1 against any gold answer. */
export function squadF1(prediction: string, golds: string[]): number {
  return maxOverGolds(f1One, prediction, golds);
}
