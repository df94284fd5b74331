/**
 * BLEU as sacreBLEU's default `corpus_bleu` computes it: mteval-v13a
 * tokenization, case kept, 4-gram precisions with 'exp' smoothing, the
 * closest reference length for the brevity penalty. Values are fractions.
 */
import { InputError } from '../errors.js';
import { countItems, overlapCount, pyRstrip, pySplit } from './python-text.js';

export const BLEU_MAX_ORDER = 4;

export interface BleuScore {
  /** BLEU in [0, 1] (sacreBLEU's number ÷ 100). */
  score: number;
  /** Modified n-gram precisions in [0, 1], orders 1–4 (smoothed where a count was 0). */
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

const SYMBOLS = /([\{-~\[-` -&\(-\+:-@\/])/gu;

/** sacreBLEU's `13a` tokenizer (the mteval-v13a.pl rules). */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `
    .replace(SYMBOLS, ' $1 ')
    .replace(/([^0-9])([.,])/gu, '$1 $2 ')
    .replace(/([.,])([^0-9])/gu, ' $1 $2')
    .replace(/([0-9])(-)/gu, '$1 $2 ');
  return pySplit(text).join(' ');
}

/** n-gram counts of each order 1..4 (index n-1), keyed by the JSON of the token slice. */
function wordNgrams(line: string): { grams: Array<Map<string, number>>; length: number } {
  const tokens = pySplit(line);
  const grams: Array<Map<string, number>> = [];
  for (let n = 1; n <= BLEU_MAX_ORDER; n++) {
    const keys: string[] = [];
    for (let i = 0; i + n <= tokens.length; i++) keys.push(JSON.stringify(tokens.slice(i, i + n)));
    grams.push(countItems(keys));
  }
  return { grams, length: tokens.length };
}

function closestRefLength(hypLen: number, refLens: number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const refLen of refLens) {
    const diff = Math.abs(hypLen - refLen);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = refLen;
    } else if (diff === closestDiff && refLen < closestLen) closestLen = refLen;
  }
  return closestLen;
}

/**
 * Sufficient statistics of one segment, in sacreBLEU's order:
 * [hypLen, refLen, correct1..4, total1..4]. Summing them over segments and
 * calling `bleuFromStats` gives corpus BLEU exactly.
 */
export function bleuSegmentStats(prediction: string, references: string[]): number[] {
  if (references.length === 0) throw new InputError('BLEU needs at least one reference per prediction');
  const maxRef = Array.from({ length: BLEU_MAX_ORDER }, () => new Map<string, number>());
  const refLens: number[] = [];
  for (const ref of references) {
    const { grams, length } = wordNgrams(tokenize13a(pyRstrip(ref)));
    refLens.push(length);
    grams.forEach((counts, order) => {
      const best = maxRef[order]!;
      for (const [gram, count] of counts) best.set(gram, Math.max(best.get(gram) ?? 0, count));
    });
  }
  const hyp = wordNgrams(tokenize13a(pyRstrip(prediction)));
  const correct = hyp.grams.map((counts, order) => overlapCount(counts, maxRef[order]!));
  const total = hyp.grams.map((counts) => [...counts.values()].reduce((a, b) => a + b, 0));
  return [hyp.length, closestRefLength(hyp.length, refLens), ...correct, ...total];
}

const safeLog = (x: number): number => (x === 0 ? -9999999999 : Math.log(x));

/** BLEU from summed statistics; `effectiveOrder` is sacreBLEU's sentence-level option. */
export function bleuFromStats(stats: number[], effectiveOrder = false): BleuScore {
  const [sysLen = 0, refLen = 0] = stats;
  const correct = stats.slice(2, 2 + BLEU_MAX_ORDER);
  const total = stats.slice(2 + BLEU_MAX_ORDER, 2 + 2 * BLEU_MAX_ORDER);
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0) : 1.0;
  const percents = new Array<number>(BLEU_MAX_ORDER).fill(0);
  const result = (score: number): BleuScore => ({ score: score / 100, precisions: percents.map((p) => p / 100), bp, sysLen, refLen });
  if (!correct.some((c) => c !== 0)) return result(0);
  let smooth = 1.0;
  let order = BLEU_MAX_ORDER;
  for (let n = 1; n <= BLEU_MAX_ORDER; n++) {
    const tot = total[n - 1]!;
    const cor = correct[n - 1]!;
    if (tot === 0) break;
    if (effectiveOrder) order = n;
    if (cor === 0) {
      smooth *= 2;
      percents[n - 1] = 100 / (smooth * tot);
    } else percents[n - 1] = (100 * cor) / tot;
  }
  let logSum = 0;
  for (const p of percents.slice(0, order)) logSum += safeLog(p);
  return result(bp * Math.exp(logSum / order));
}

/** Sum statistics element-wise. */
export function sumStats(rows: number[][]): number[] {
  const width = rows[0]?.length ?? 0;
  const sums = new Array<number>(width).fill(0);
  for (const row of rows) for (let i = 0; i < width; i++) sums[i]! += row[i] ?? 0;
  return sums;
}

/**
 * Corpus BLEU. `refs[i]` lists the references of `preds[i]` (per item, not
 * sacreBLEU's per-stream layout; items may have different numbers of references).
 */
export function bleu(preds: string[], refs: string[][]): BleuScore {
  if (preds.length !== refs.length) throw new InputError(`BLEU got ${preds.length} predictions but ${refs.length} reference lists`);
  const stats = preds.map((pred, i) => bleuSegmentStats(pred, refs[i]!));
  return bleuFromStats(stats.length > 0 ? sumStats(stats) : new Array<number>(2 + 2 * BLEU_MAX_ORDER).fill(0));
}

/** Sentence BLEU as sacreBLEU's `sentence_bleu` (exp smoothing, effective order). */
export function sentenceBleu(prediction: string, references: string[]): BleuScore {
  return bleuFromStats(bleuSegmentStats(prediction, references), true);
}
