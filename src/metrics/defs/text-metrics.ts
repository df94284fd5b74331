/** Registry entries for generated text: exact_match, SQuAD, ROUGE, BLEU, chrF. */
import { bleuFromStats, bleuSegmentStats, sumStats } from '../bleu.js';
import { chrfFromStats, chrfSegmentStats } from '../chrf.js';
import type { MetricDef } from '../registry.js';
import { rouge, type RougeType } from '../rouge.js';
import { squadExactMatch, squadF1 } from '../squad.js';
import { boolOption, meanMetric } from './mean-metric.js';
import { InputError } from '../../errors.js';

function rougeMetric(type: RougeType): MetricDef {
  return meanMetric({
    name: type, binary: false, needs: 'generation', usesReferences: true,
    // F-measure; stemming is on unless the task says use_stemmer: false.
    value: (input, options) => {
      const useStemmer = boolOption(options, 'use_stemmer', true);
      return rouge(input.prediction, input.references, { types: [type], useStemmer })[type]!.fmeasure;
    },
  });
}

function corpusReduce(name: string, compute: (summed: number[]) => number) {
  return (stats: number[][]): number => {
    if (stats.length === 0) throw new InputError(`metric ${name}: no items to reduce`);
    return compute(sumStats(stats));
  };
}

/** Corpus BLEU: items carry sacreBLEU's sufficient statistics, so any resample reduces exactly. */
const bleuMetric: MetricDef = {
  name: 'bleu', higherIsBetter: true, binary: false, needs: 'generation', usesReferences: true,
  itemStats: (input) => bleuSegmentStats(input.prediction, input.references),
  reduce: corpusReduce('bleu', (summed) => bleuFromStats(summed).score),
  itemValue: (stats) => bleuFromStats(stats, true).score,
};

const chrfMetric: MetricDef = {
  name: 'chrf', higherIsBetter: true, binary: false, needs: 'generation', usesReferences: true,
  itemStats: (input) => chrfSegmentStats(input.prediction, input.references),
  reduce: corpusReduce('chrf', (summed) => chrfFromStats(summed)),
  itemValue: (stats) => chrfFromStats(stats),
};

export const textMetrics: MetricDef[] = [
  meanMetric({
    name: 'exact_match', binary: true, needs: 'generation', usesReferences: true,
    value: (input) => (input.references.some((ref) => ref.trim() === input.prediction.trim()) ? 1 : 0),
  }),
  meanMetric({ name: 'squad_em', binary: true, needs: 'generation', usesReferences: true, value: (input) => squadExactMatch(input.prediction, input.references) }),
  meanMetric({ name: 'squad_f1', binary: false, needs: 'generation', usesReferences: true, value: (input) => squadF1(input.prediction, input.references) }),
  rougeMetric('rouge1'),
  rougeMetric('rouge2'),
  rougeMetric('rougeL'),
  rougeMetric('rougeLsum'),
  bleuMetric,
  chrfMetric,
];
