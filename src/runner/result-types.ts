import type { TemplateSpread } from '../stats/index.js';
import type { Category } from '../tasks/types.js';
import type { TaskStability } from './stability-types.js';

/** Every reported score: a fraction in [0, 1] with its 95% interval and item count. */
export interface MetricValue {
  value: number;
  ci: [number, number];
  n: number;
}

export interface TaskResult {
  id: string;
  category: Category;
  family: string;
  /** The task's family is not among the families the model was trained on. */
  heldOut: boolean;
  /** The metric headlines and aggregates use (the task's first listed metric). */
  primary: string;
  /** Over all templates (items resampled as clusters of their template answers). */
  metrics: Record<string, MetricValue>;
  /** Per template id. */
  templates: Record<string, Record<string, MetricValue>>;
  /** Spread across templates per metric: the prompt sensitivity. */
  spread: Record<string, TemplateSpread>;
  /** Answers (template × item) whose prompt was cut from the left to fit the model's context. */
  truncated: number;
  /** When some were cut: the most tokens dropped from one prompt, and the answers cut per template. */
  truncatedTokens?: number;
  truncatedTemplates?: Record<string, number>;
  /**
   * Answers (template × item) whose reply was still inside its reasoning section when the token
   * limit came: scored as empty answers. Absent when none were.
   */
  unclosedThinking?: number;
  /** Item ids, in data order; `stats` rows align with them. */
  items: string[];
  /** Per metric, per template: sufficient statistics of each item. */
  stats: Record<string, Record<string, number[][]>>;
  /**
   * Requests the run planned for this task (its shard's, when sharded) and how many have an
   * answer: answered < planned means the result is incomplete (absent in older files).
   */
  requests?: { planned: number; answered: number };
  /** Output stability (when the benchmark sets `stability:`): K sampled answers per item. */
  stability?: TaskStability;
  /** Options of metrics configured with any (`metrics: [{name, options}]`): comparisons reduce with them too. */
  options?: Record<string, Record<string, unknown>>;
}

export interface ModelIdentity {
  name: string;
  source: string;
  backend: string;
  fingerprint: string;
  format: 'plain' | 'chat';
  shots: number;
  dtype?: string;
  trainedFamilies: string[];
  /** `predictions:` sources: how the file covered the run's items (missing, duplicate, unknown ids). */
  predictions?: import('./prediction-coverage.js').PredictionCoverage;
}

export interface RunResult {
  version: 1;
  benchmark: string;
  model: ModelIdentity;
  seed: number;
  settings: Record<string, unknown>;
  /**
   * Present when the run was sharded: which shards of an `of`-way split the result holds
   * (one for a shard's own run; several for a merge). Fewer than `of` means part of the items.
   */
  shards?: { of: number; included: number[] };
  tasks: TaskResult[];
}
