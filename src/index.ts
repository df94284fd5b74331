/** heldout as a library: metrics, statistics, the model seam, and the run/compare functions the CLI uses. */
export {
  accuracy, macroF1, rankChoice, squadExactMatch, squadF1, normalizeSquadAnswer, rouge, porterStem,
  bleu, sentenceBleu, chrF, passAtK, getMetric, listMetrics,
  type MetricDef, type ScoreInput, type RougeScore, type BleuScore,
} from './metrics/index.js';
export {
  pairedBootstrap, bootstrapCI, wilsonInterval, mcnemarPValue, flipCounts, templateSpread,
  macroBootstrap, pairedMacroBootstrap, createRng, seedFrom,
} from './stats/index.js';
export { runProgram, type SandboxResult } from './sandbox/index.js';
export type {
  Model, ModelInfo, GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, RequestPrompt, ChatMessage,
} from './models/types.js';
export { OnnxModel } from './models/onnx/onnx-model.js';
export { loadModel } from './models/load-model.js';
export type { Task, Sample, MetricSpec } from './tasks/types.js';
export { loadTask } from './tasks/load-task.js';
export type { RunResult, TaskResult, MetricValue, ModelIdentity } from './runner/result-types.js';
export type { SampleRecord } from './runner/record.js';
export { runBenchmark, type RunOptions, type RunOutcome } from './runner/run-benchmark.js';
export type { Comparison, TaskComparison, AggregateComparison, PairedDelta } from './compare/types.js';
export { compareRuns } from './compare/compare.js';
export * from './errors.js';
