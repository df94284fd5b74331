/** `claim: <id>` rules: a claim of the comparison's scorecard must have one of the accepted verdicts. */
import { verdictOf } from '../compare/claim-verdict.js';
import type { Claim } from '../compare/claims-types.js';
import type { Comparison } from '../compare/types.js';
import { ConfigError } from '../errors.js';
import { interval, signedPts } from '../report/format.js';
import type { Where } from './targets.js';
import type { GateRule, GateRuleResult, RuleCheck } from './types.js';

type ClaimCheck = Extract<RuleCheck, { kind: 'claim' }>;

/** The claim a rule names; a comparison without it, or without a measurement of it, is a ConfigError (never a silent pass). */
export function claimOf(c: Comparison, rule: GateRule, check: ClaimCheck, where: Where): Claim {
  const fail = (problem: string, hint: string) => new ConfigError(`${where.location} rule "${rule.name}": ${problem}`, { hint });
  if (!c.claims) throw fail(`${where.what} has no claims scorecard (it was written by an older heldout)`, 'run heldout compare on its results/*.json again to add one');
  const claim = c.claims.find((x) => x.id === check.claim);
  if (!claim) throw fail(`${where.what} has no claim "${check.claim}"`, `claims in it: ${c.claims.map((x) => x.id).join(', ')}`);
  if (claim.verdict === 'not measured') throw fail(`claim ${check.claim} was not measured in ${where.what}`, claim.note ?? 'measure it, or drop the rule');
  return claim;
}

/** Judge the claim; with `margin:`, knowledge_retained is judged again with this rule's margin. */
export function claimRule(rule: GateRule, check: ClaimCheck, claim: Claim): GateRuleResult {
  const margin = check.margin ?? claim.margin;
  const verdict = check.margin !== undefined ? verdictOf(claim.ci, claim.better, -check.margin) : claim.verdict;
  const passed = check.accept.includes(verdict);
  const threshold = claim.id === 'breadth' ? 1 : margin !== undefined ? -margin : 0;
  const bound = claim.ci ? (claim.better === 'lower' ? claim.ci[1] : claim.ci[0]) : null;
  const measured = claim.id === 'breadth' ? claim.effect : bound;
  const shown = claim.id === 'breadth' ? `${((claim.effect ?? 0) * 100).toFixed(0)}% of categories significantly ahead` : `effect ${signedPts(claim.effect ?? Number.NaN)} pts ${interval(claim.ci ?? undefined, true)}`;
  const accepted = check.accept.length === 1 ? check.accept[0] : `one of ${check.accept.join(', ')}`;
  return {
    name: rule.name, scope: rule.scopeText, metric: claim.id, kind: 'claim', op: claim.better === 'lower' ? '<=' : '>=',
    measured: measured !== null && Number.isFinite(measured) ? measured : null, threshold, passed,
    detail: `${claim.title}: ${shown}, ${verdict}${margin !== undefined ? ` (margin ${signedPts(margin)} pts)` : ''}; needs ${accepted}`,
  };
}
