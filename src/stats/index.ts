export { createRng, seedFrom, type Rng, type Seed } from './rng.js';
export { clusterReducer, columnMean, declareColumnMean, meanReducer, type Reducer } from './reducer.js';
export { quantileSorted, normalQuantile } from './quantile.js';
export type { BootstrapOptions, Interval } from './resample.js';
export {
  bootstrapCI, metricInterval, wilsonInterval,
  type Estimate, type MetricIntervalOptions,
} from './bootstrap.js';
export { pairedBootstrap, type PairedEstimate } from './paired-bootstrap.js';
export { flipCounts, mcnemarPValue, type FlipCounts } from './mcnemar.js';
export { templateSpread, type TemplateSpread, type TemplateValue } from './template-spread.js';
export { macroBootstrap, pairedMacroBootstrap, type MacroTask, type PairedMacroTask } from './aggregate.js';
