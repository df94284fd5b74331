import type { MetricValue, ModelIdentity } from '../runner/result-types.js';
import type { TemplateSpread } from '../stats/index.js';

/** candidate − baseline on the same items, with its paired 95% interval. */
export interface PairedDelta {
  baseline: MetricValue;
  candidate: MetricValue;
  delta: number;
  ci: [number, number];
  pValue: number;
  /** 0/1 metrics: items the candidate got right and the baseline wrong, and the reverse. */
  fixed?: number;
  broken?: number;
  /** McNemar's exact p over (template, item) answers (0/1 metrics). */
  mcnemarP?: number;
}

export interface TaskComparison extends PairedDelta {
  task: string;
  category: string;
  family: string;
  heldOut: boolean;
  metric: string;
  primary: boolean;
  binary: boolean;
  higherIsBetter: boolean;
  templates: Record<string, PairedDelta>;
  spread: { baseline: TemplateSpread; candidate: TemplateSpread };
  /** A few item ids that flipped each way (0/1 metrics), for the report. */
  examples?: { fixed: FlipExample[]; broken: FlipExample[] };
}

export interface FlipExample {
  item: string;
  template: string;
}

export interface AggregateComparison extends PairedDelta {
  /** `primary`: each task's primary metric, macro-averaged over tasks. */
  metric: string;
  scope: 'all' | 'held-out' | 'seen';
  category?: string;
  tasks: number;
}

/** One task's pairing: items both runs answered under every template, and what each side had. */
export interface TaskPairing {
  task: string;
  paired: number;
  baseline: number;
  candidate: number;
  /** Templates both runs answered. */
  templates: number;
}

/** What a comparison paired, and whether that is less than both runs hold (then `reasons` says why). */
export interface Pairing {
  partial: boolean;
  reasons: string[];
  tasks: TaskPairing[];
  /** The shards a side holds, when it holds part of a split. */
  shards?: { baseline?: { of: number; included: number[] }; candidate?: { of: number; included: number[] } };
  /** Present when the two results come from benchmarks of different names. */
  benchmarks?: { baseline: string; candidate: string };
}

export interface Comparison {
  version: 1;
  benchmark: string;
  baseline: ModelIdentity;
  candidate: ModelIdentity;
  seed: number;
  tasks: TaskComparison[];
  categories: AggregateComparison[];
  overall: AggregateComparison;
  heldOut: AggregateComparison | null;
  seen: AggregateComparison | null;
  /** What was paired (absent in comparisons written before it was recorded). */
  pairing?: Pairing;
  /** When the baseline was also run k-shot: tuned vs k-shot base, and vs the better base setting per task. */
  fewshot?: import('./fewshot.js').FewShotComparison;
  /** The claims scorecard: did tuning deliver what it promises (one row per claim, src/compare/claims.ts). */
  claims?: import('./claims-types.js').Claim[];
}
