/** The claims scorecard of a comparison: did tuning deliver what instruction tuning promises? */

export const CLAIM_IDS = [
  'generalization', 'prompt_sensitivity', 'stability', 'format_adherence', 'breadth', 'knowledge_retained',
] as const;

export type ClaimId = (typeof CLAIM_IDS)[number];

/** `not measured`: the run holds nothing to measure the claim on (reason says what to add). */
export type ClaimVerdict = 'delivered' | 'not delivered' | "can't tell" | 'not measured';

/** One task's (or category's) contribution to a claim. */
export interface ClaimPart {
  task?: string;
  category?: string;
  metric: string;
  baseline: number;
  candidate: number;
  delta: number;
  ci: [number, number];
  /** Items the paired interval resampled. */
  n: number;
}

export interface Claim {
  id: ClaimId;
  /** What tuning promises, in a few words ("less sensitive to prompt wording"). */
  title: string;
  /** What was measured, in one line. */
  measure: string;
  /** Which way the effect should go when tuning delivered. */
  better: 'higher' | 'lower';
  /** The base model's and the tuned model's value of the measure (null when not measured, or for breadth). */
  baseline: number | null;
  candidate: number | null;
  /** candidate − baseline (breadth: the share of categories with a significant gain). */
  effect: number | null;
  /** Paired 95% interval of the effect (breadth: bounds from the per-category intervals). */
  ci: [number, number] | null;
  pValue: number | null;
  verdict: ClaimVerdict;
  /** When the verdict is "delivered", in words ("the interval lies above 0"). */
  rule: string;
  /** Why it is not measured, or what to know when reading it. */
  note?: string;
  /** Non-inferiority margin (knowledge_retained). */
  margin?: number;
  /** Per task or category. */
  parts: ClaimPart[];
  /** Extra measures shown beside the claim (stability: the variance of the K scores). */
  secondary?: { measure: string; better: 'higher' | 'lower'; baseline: number; candidate: number; effect: number; ci: [number, number] };
}

export interface ClaimOptions {
  seed: import('../stats/index.js').Seed;
  iterations: number;
  /** knowledge_retained: delivered when the interval's lower bound is above −margin (default 0.01, one point). */
  knowledgeMargin?: number;
}

export const DEFAULT_KNOWLEDGE_MARGIN = 0.01;
