import type { Comparison } from '../compare/types.js';
import type { RuleKind } from '../config/policy-schema.js';
import type { RunResult } from '../runner/result-types.js';

export type { RuleKind } from '../config/policy-schema.js';

/** Where a rule looks: an aggregate of the comparison, or one task. */
export type GateScope =
  | { kind: 'overall' | 'held-out' | 'seen' }
  | { kind: 'category' | 'task'; name: string };

/** What the rule compares and with which bound. */
export type RuleCheck =
  | { kind: 'min_gain'; threshold: number; judge: 'ci_low' | 'point' }
  | { kind: 'min_score'; threshold: number; judge: 'ci_low' | 'point' }
  | { kind: 'no_regression'; against: string; tolerance: number }
  | { kind: 'max_sensitivity'; threshold: number }
  | { kind: 'max_broken_share'; threshold: number }
  | { kind: 'claim'; claim: import('../compare/claims-types.js').ClaimId; accept: string[]; margin?: number };

export interface GateRule {
  name: string;
  /** As written: `overall`, `held-out`, `seen`, `category:<name>`, `task:<id>`. */
  scopeText: string;
  scope: GateScope;
  metric: string;
  /** Which base setting the candidate is judged against (a k-shot base exists only with --shots). */
  base?: 'zero-shot' | 'k-shot' | 'best';
  check: RuleCheck;
  /** 1-based line of the rule in its file, for errors. */
  line?: number;
}

export interface GatePolicy {
  /** The policy file, or the benchmark file for an inline `gate:` section. */
  file: string;
  /** `against:` paths are relative to this folder. */
  dir: string;
  rules: GateRule[];
}

export interface GateRuleResult {
  name: string;
  scope: string;
  metric: string;
  kind: RuleKind;
  /** `>=`: passes when measured ≥ threshold (min_*, no_regression); `<=` for max_*. */
  op: '>=' | '<=';
  /** The number compared with the threshold; null when there is none (counts as a failure). */
  measured: number | null;
  threshold: number;
  passed: boolean;
  detail: string;
}

/** Assignable to the reports' GateVerdictLike. */
export interface GateVerdict {
  passed: boolean;
  rules: GateRuleResult[];
  /** Why the comparison judged is partial (only with allowPartial: otherwise a partial comparison is refused). */
  partial?: string[];
}

export interface GateContext {
  /** The folder of comparison.json: no_regression reads `results/<candidate>.json` under it. */
  comparisonDir: string;
  /** Defaults to the policy's own folder. */
  policyDir?: string;
  /** Reads a RunResult (defaults to reading the JSON file). */
  loadResult?(file: string): Promise<RunResult>;
  /** Bootstrap iterations for no_regression comparisons (default 1000). */
  iterations?: number;
  /** Judge a partial comparison (or a no_regression overlap short of the scope) instead of refusing it. */
  allowPartial?: boolean;
}

export type { Comparison };
