/**
 * The metric registry: every metric a task can name in `metrics:`. A metric
 * turns each item into sufficient statistics and reduces a list of them into
 * one value in [0, 1], so the bootstrap can resample items and reduce again.
 */
import { ConfigError, InputError } from '../errors.js';
import type { Constraint } from '../config/constraint-schema.js';
import { choiceMetrics } from './defs/choice-metrics.js';
import { codeMetric } from './defs/code-metrics.js';
import { constraintMetrics } from './defs/constraint-metrics.js';
import { textMetrics } from './defs/text-metrics.js';
import { declareColumnMean, meanColumnOf, type Reducer } from '../stats/reducer.js';

export interface ScoreInput {
  prediction: string;          // postprocessed generated answer ('' when the task was only rank-scored)
  references: string[];        // gold answers (choice tasks: [gold label])
  choices?: string[];          // label set (choice tasks)
  gold?: number;               // gold choice index (choice tasks)
  choiceLogprobs?: number[];   // summed log-prob of each choice (rank classification)
  codeResults?: boolean[];     // pass/fail of each of n generated samples (code tasks)
  constraints?: readonly Constraint[]; // the item's verifiable output constraints (task's answer.constraints + its row's)
}

export interface MetricDef {
  name: string;                 // registry key used in task.yaml `metrics:`
  higherIsBetter: boolean;
  binary: boolean;              // every item's value is 0 or 1 and reduce is the mean (McNemar applies)
  needs: 'generation' | 'loglikelihood' | 'code';
  /** Scores the answer against the item's references (a task without them cannot be scored). */
  usesReferences?: boolean;
  /** Sufficient statistics of one item; reduce() turns a list of them into the metric value. */
  itemStats(input: ScoreInput, options: Record<string, unknown>): number[];
  reduce(stats: number[][], options: Record<string, unknown>): number;   // a fraction in [0,1]
  /** One number per item for flip tables / paired tests (mean metrics: the item value). */
  itemValue(stats: number[]): number;
}

const PASS_AT_K = /^pass@([1-9][0-9]*)$/u;
const LISTED_PASS_AT_K = ['pass@1', 'pass@10', 'pass@100'];

const TABLE: ReadonlyMap<string, MetricDef> = new Map(
  [...choiceMetrics, ...textMetrics, ...constraintMetrics].map((def) => [def.name, def]),
);

/** The metric registered under `name` (`pass@k` for any positive k), or undefined. */
export function findMetric(name: string): MetricDef | undefined {
  const passAt = PASS_AT_K.exec(name);
  return TABLE.get(name) ?? (passAt ? codeMetric(Number(passAt[1])) : undefined);
}

/** The metric registered under `name`; `pass@k` works for any positive k. */
export function getMetric(name: string): MetricDef {
  const found = findMetric(name);
  if (found) return found;
  throw new ConfigError(`unknown metric "${name}"`, {
    hint: `Known metrics: ${listMetrics().join(', ')} (and pass@k for any k).`,
  });
}

/** Registered metric names (pass@k listed for k = 1, 10, 100). */
export function listMetrics(): string[] {
  return [...TABLE.keys(), ...LISTED_PASS_AT_K];
}

/** The metric's reducer with its options bound (a declared column mean stays declared, for the bootstrap's fast path). */
export function metricReducer(def: MetricDef, options: Record<string, unknown>): Reducer {
  const reduce: Reducer = (stats) => def.reduce(stats, options);
  const column = meanColumnOf(def.reduce);
  return column === undefined ? reduce : declareColumnMean(reduce, column);
}

/** Convenience: score a whole list of items with one metric. */
export function scoreItems(name: string, inputs: ScoreInput[], options: Record<string, unknown> = {}): number {
  if (inputs.length === 0) throw new InputError(`metric ${name}: no items to score`);
  const def = getMetric(name);
  return def.reduce(inputs.map((input) => def.itemStats(input, options)), options);
}
