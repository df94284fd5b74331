import { pct, signedPts } from '../report/format.js';
import type { GateVerdictLike } from '../report/types.js';

type RuleLike = GateVerdictLike['rules'][number] & { kind?: string };

/** Gains are signed points; scores, spreads and shares are percentages. */
export function formatRuleValue(rule: RuleLike, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (rule.kind === 'claim' && rule.metric === 'breadth') return `${pct(value)}%`;
  if (rule.kind === 'min_gain' || rule.kind === 'no_regression' || rule.kind === 'claim') return `${signedPts(value)} pts`;
  if (rule.kind === 'max_sensitivity') return `${pct(value)} pts`;
  return `${pct(value)}%`;
}

/** `≥ +0.0 pts`: the threshold with the comparison it is held to. */
export function formatThreshold(rule: RuleLike): string {
  const op = (rule as { op?: string }).op ?? (rule.kind?.startsWith('max_') ? '<=' : '>=');
  return `${op === '<=' ? '≤' : '≥'} ${formatRuleValue(rule, rule.threshold)}`;
}

/** One line per failed rule: what failed and why. */
export function failureMessage(rule: RuleLike): string {
  return `${rule.name} (${rule.scope}, ${rule.metric}): measured ${formatRuleValue(rule, rule.measured)}, needs ${formatThreshold(rule)}: ${rule.detail}`;
}
