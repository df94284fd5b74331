/** Public surface of the metrics folder. */
export { accuracy, macroF1, rankChoice, normalizeLabel, matchLabel, type RankChoiceResult } from './choice.js';
export { squadExactMatch, squadF1, normalizeSquadAnswer } from './squad.js';
export { rouge, rougeTokenize, type RougeScore, type RougeOptions, type RougeType } from './rouge.js';
export { porterStem } from './porter-stemmer.js';
export { bleu, sentenceBleu, tokenize13a, bleuSegmentStats, bleuFromStats, type BleuScore } from './bleu.js';
export { chrF, chrfSegmentStats, chrfFromStats, type ChrfOptions } from './chrf.js';
export { passAtK } from './pass-at-k.js';
export { getMetric, listMetrics, scoreItems, type MetricDef, type ScoreInput } from './registry.js';
