/**
 * chrF as sacreBLEU's default `corpus_chrf` computes it: character n-grams of
 * orders 1–6 with whitespace removed, no word n-grams, β = 2, case kept, the
 * pre-2.0 effective-order averaging. Values are fractions, not ×100.
 */
import { InputError } from '../errors.js';
import { countItems, overlapCount, pySplit } from './python-text.js';

export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
  /** chrF++.py style smoothing instead of effective-order averaging (sacreBLEU `eps_smoothing`). */
  epsSmoothing?: boolean;
}

const EPS = 1e-16;

function charNgrams(text: string, maxOrder: number): Array<Map<string, number>> {
  const chars = Array.from(pySplit(text).join(''));
  const out: Array<Map<string, number>> = [];
  for (let n = 1; n <= maxOrder; n++) {
    const grams: string[] = [];
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
    out.push(countItems(grams));
  }
  return out;
}

const sumValues = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/** F-score in [0, 1] from [hyp, ref, match] triples, one per order. */
export function chrfFromStats(stats: number[], options: ChrfOptions = {}): number {
  const order = Math.floor(stats.length / 3);
  const factor = (options.beta ?? 2) ** 2;
  let epsScore = 0;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i < order; i++) {
    const [hyp = 0, ref = 0, match = 0] = stats.slice(3 * i, 3 * i + 3);
    const prec = hyp > 0 ? match / hyp : EPS;
    const rec = ref > 0 ? match / ref : EPS;
    const denom = factor * prec + rec;
    epsScore += denom > 0 ? ((1 + factor) * prec * rec) / denom : EPS;
    if (hyp > 0 && ref > 0) {
      avgPrec += prec;
      avgRec += rec;
      effective++;
    }
  }
  if (options.epsSmoothing) return (100 * epsScore) / order / 100;
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (((1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec))) / 100;
}

/** [hyp, ref, match] per order for one segment, from the reference with the best F. */
export function chrfSegmentStats(prediction: string, references: string[], options: ChrfOptions = {}): number[] {
  if (references.length === 0) throw new InputError('chrF needs at least one reference per prediction');
  const charOrder = options.charOrder ?? 6;
  const hypGrams = charNgrams(prediction, charOrder);
  let best: number[] = [];
  let bestF = -1;
  for (const ref of references) {
    const refGrams = charNgrams(ref, charOrder);
    const stats = hypGrams.flatMap((hyp, i) => {
      const refCounts = refGrams[i]!;
      // sacreBLEU does not count hypothesis n-grams of an order the reference lacks.
      return [refCounts.size > 0 ? sumValues(hyp) : 0, sumValues(refCounts), overlapCount(hyp, refCounts)];
    });
    const f = chrfFromStats(stats, options);
    if (f > bestF) {
      bestF = f;
      best = stats;
    }
  }
  return best;
}

/** Corpus chrF: statistics summed over segments, then one F-score. `refs[i]` are the references of `preds[i]`. */
export function chrF(preds: string[], refs: string[][], options: ChrfOptions = {}): number {
  if (preds.length !== refs.length) throw new InputError(`chrF got ${preds.length} predictions but ${refs.length} reference lists`);
  const width = 3 * (options.charOrder ?? 6);
  const sums = new Array<number>(width).fill(0);
  preds.forEach((pred, i) => {
    chrfSegmentStats(pred, refs[i]!, options).forEach((value, j) => { sums[j]! += value; });
  });
  return chrfFromStats(sums, options);
}
