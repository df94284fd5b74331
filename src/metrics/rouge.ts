/**
 * ROUGE-N, ROUGE-L and ROUGE-Lsum as Google's `rouge-score` package computes
 * them (its default tokenizer, optional Porter stemming, newline-split
 * summaries for Lsum, best-F reference for several references).
 */
import { InputError } from '../errors.js';
import { countItems, overlapCount } from './python-text.js';
import { porterStem } from './porter-stemmer.js';

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum' | `rouge${number}`;
export interface RougeScore { precision: number; recall: number; fmeasure: number }
export interface RougeOptions { types?: RougeType[]; useStemmer?: boolean }

const DEFAULT_TYPES: RougeType[] = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];
const ZERO: RougeScore = { precision: 0, recall: 0, fmeasure: 0 };

/** rouge-score's tokenizer: lowercase, non-[a-z0-9] → space, stem tokens longer than 3 chars. */
export function rougeTokenize(text: string, useStemmer: boolean): string[] {
  const spaced = text.toLowerCase().replace(/[^a-z0-9]+/gu, ' ');
  const tokens = spaced.split(' ').filter((token) => token.length > 0);
  if (!useStemmer) return tokens;
  return tokens.map((token) => (token.length > 3 ? porterStem(token) : token)).filter((token) => token.length > 0);
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0.0;
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const grams: string[] = [];
  // Tokens are [a-z0-9]+, so a space joins them unambiguously.
  for (let i = 0; i + n <= tokens.length; i++) grams.push(tokens.slice(i, i + n).join(' '));
  return countItems(grams);
}

function scoreNgrams(target: string[], prediction: string[], n: number): RougeScore {
  const targetGrams = ngrams(target, n);
  const predictionGrams = ngrams(prediction, n);
  const hits = overlapCount(targetGrams, predictionGrams);
  const targetCount = Math.max(0, target.length - n + 1);
  const predictionCount = Math.max(0, prediction.length - n + 1);
  const precision = hits / Math.max(predictionCount, 1);
  const recall = hits / Math.max(targetCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function lcsTable(ref: string[], can: string[]): number[][] {
  const table = Array.from({ length: ref.length + 1 }, () => new Array<number>(can.length + 1).fill(0));
  for (let i = 1; i <= ref.length; i++) {
    const row = table[i]!;
    const above = table[i - 1]!;
    for (let j = 1; j <= can.length; j++) {
      row[j] = ref[i - 1] === can[j - 1] ? above[j - 1]! + 1 : Math.max(above[j]!, row[j - 1]!);
    }
  }
  return table;
}

function scoreLcs(target: string[], prediction: string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return ZERO;
  const lcs = lcsTable(target, prediction)[target.length]![prediction.length]!;
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, chosen by rouge-score's backtracking order. */
function lcsIndices(ref: string[], can: string[]): number[] {
  const table = lcsTable(ref, can);
  const picked: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      picked.push(i - 1);
      i--;
      j--;
    } else if (table[i]![j - 1]! > table[i - 1]![j]!) j--;
    else i--;
  }
  return picked.reverse();
}

/** Summary-level LCS (union LCS per reference sentence, each token counted at most as often as it occurs). */
function scoreSummaryLcs(refSents: string[][], canSents: string[][]): RougeScore {
  const m = refSents.reduce((sum, s) => sum + s.length, 0);
  const n = canSents.reduce((sum, s) => sum + s.length, 0);
  if (m === 0 || n === 0) return ZERO;
  const refLeft = countItems(refSents.flat());
  const canLeft = countItems(canSents.flat());
  let hits = 0;
  for (const ref of refSents) {
    const union = new Set<number>();
    for (const can of canSents) for (const index of lcsIndices(ref, can)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = ref[index]!;
      if ((canLeft.get(token) ?? 0) > 0 && (refLeft.get(token) ?? 0) > 0) {
        hits++;
        canLeft.set(token, canLeft.get(token)! - 1);
        refLeft.set(token, refLeft.get(token)! - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function sentences(text: string, useStemmer: boolean): string[][] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => rougeTokenize(line, useStemmer));
}

function scoreOne(target: string, prediction: string, types: RougeType[], useStemmer: boolean): Record<string, RougeScore> {
  const targetTokens = rougeTokenize(target, useStemmer);
  const predictionTokens = rougeTokenize(prediction, useStemmer);
  const out: Record<string, RougeScore> = {};
  for (const type of types) {
    if (type === 'rougeL') out[type] = scoreLcs(targetTokens, predictionTokens);
    else if (type === 'rougeLsum') out[type] = scoreSummaryLcs(sentences(target, useStemmer), sentences(prediction, useStemmer));
    else if (/^rouge[1-9]$/u.test(type)) out[type] = scoreNgrams(targetTokens, predictionTokens, Number(type.slice(5)));
    else throw new InputError(`unknown ROUGE type "${type}"`, { hint: 'Use rouge1…rouge9, rougeL or rougeLsum.' });
  }
  return out;
}

/**
 * Score a prediction against one or more references. With several references
 * each type keeps the reference whose F-measure is highest (first on ties),
 * like rouge-score's `score_multi`.
 */
export function rouge(prediction: string, refs: string | string[], options: RougeOptions = {}): Record<string, RougeScore> {
  const types = options.types ?? DEFAULT_TYPES;
  const useStemmer = options.useStemmer ?? false;
  const targets = typeof refs === 'string' ? [refs] : refs;
  if (targets.length === 0) throw new InputError('ROUGE needs at least one reference');
  const perTarget = targets.map((target) => scoreOne(target, prediction, types, useStemmer));
  const best: Record<string, RougeScore> = {};
  for (const type of types) {
    for (const scores of perTarget) {
      const candidate = scores[type]!;
      const current = best[type];
      if (current === undefined || candidate.fmeasure > current.fmeasure) best[type] = candidate;
    }
  }
  return best;
}
