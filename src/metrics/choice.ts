/**
 * Classification metrics: accuracy, sklearn-style macro F1, and rank
 * classification from choice log-probabilities (lm-evaluation-harness acc /
 * acc_norm).
 */
import { InputError } from '../errors.js';
import { pyLen } from './python-text.js';

function checkPaired(preds: unknown[], golds: unknown[], what: string): void {
  if (preds.length !== golds.length) throw new InputError(`${what}: ${preds.length} predictions but ${golds.length} gold labels`);
  if (golds.length === 0) throw new InputError(`${what}: no items to score`);
}

/** Fraction of predictions equal to their gold label (exact string equality). */
export function accuracy(preds: string[], golds: string[]): number {
  checkPaired(preds, golds, 'accuracy');
  let hits = 0;
  preds.forEach((pred, i) => { if (pred === golds[i]) hits++; });
  return hits / golds.length;
}

/** Sorted distinct values, as sklearn's `unique_labels` returns them. */
function sortedUnique<T extends string | number>(values: T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Macro-averaged F1, as sklearn's `f1_score(golds, preds, average='macro')`:
 * the unweighted mean of per-label F1 over `labels` (default: every label that
 * occurs in golds or preds). A label's F1 is 2·tp / (2·tp + fp + fn); when that
 * is 0/0 (the label is never gold and never predicted, which can only happen
 * when `labels` is given) it counts as 0, sklearn's default `zero_division`.
 */
export function macroF1<T extends string | number>(preds: T[], golds: T[], labels?: T[]): number {
  checkPaired(preds, golds, 'macroF1');
  const labelSet = labels ?? sortedUnique([...golds, ...preds]);
  if (labelSet.length === 0) throw new InputError('macroF1: empty label set');
  let sum = 0;
  for (const label of labelSet) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    preds.forEach((pred, i) => {
      const gold = golds[i];
      if (pred === label && gold === label) tp++;
      else if (pred === label) fp++;
      else if (gold === label) fn++;
    });
    const denom = 2 * tp + fp + fn;
    sum += denom > 0 ? (2 * tp) / denom : 0;
  }
  return sum / labelSet.length;
}

export interface RankChoiceResult {
  /** argmax of the summed log-probability. */
  acc: number;
  /** argmax of log-probability divided by the choice's length in characters (code points). */
  accNorm: number;
}

function argmaxFirst(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * lm-evaluation-harness rank classification. Pass the choice strings exactly
 * as they were scored (with any leading space) so acc_norm divides by the
 * same length the harness would. Ties go to the first choice.
 */
export function rankChoice(logprobs: number[], choices: string[]): RankChoiceResult {
  if (logprobs.length !== choices.length) throw new InputError(`rankChoice: ${logprobs.length} log-probs for ${choices.length} choices`);
  if (choices.length === 0) throw new InputError('rankChoice: no choices');
  const normalized = logprobs.map((lp, i) => lp / pyLen(choices[i]!));
  return { acc: argmaxFirst(logprobs), accNorm: argmaxFirst(normalized) };
}

/** Label matching for generated answers: trim, lowercase, drop trailing punctuation. */
export function normalizeLabel(text: string): string {
  return text.trim().toLowerCase().replace(/[\p{P}\s]+$/u, '').trim();
}

/** Index of the label the generated answer names, or -1 when it names none. */
export function matchLabel(prediction: string, labels: string[]): number {
  const wanted = normalizeLabel(prediction);
  return labels.findIndex((label) => normalizeLabel(label) === wanted);
}
