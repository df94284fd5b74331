import { z } from 'zod';
import { CLAIM_IDS } from '../compare/claims-types.js';

/** Fractions, like every metric value: 0.05 is five points, never 5. */
const fraction = z.number().min(0).max(1);
const signedFraction = z.number().min(-1).max(1);

const SCOPE = /^(overall|held-out|seen|category:.+|task:.+)$/u;

export const RULE_KINDS = ['min_gain', 'min_score', 'no_regression', 'max_sensitivity', 'max_broken_share', 'claim'] as const;
export const CLAIM_VERDICTS = ['delivered', 'not delivered', "can't tell"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const ruleSchema = z.strictObject({
  name: z.string().min(1).optional().describe('shown in the verdict and as the JUnit test name; default derived from kind and scope'),
  scope: z.string().regex(SCOPE, 'expected overall, held-out, seen, category:<name> or task:<id>').default('overall'),
  metric: z.string().min(1).default('primary').describe('"primary" or a metric name (metric names only with task:<id> scope)'),
  base: z.enum(['zero-shot', 'k-shot', 'best']).default('zero-shot')
    .describe('which base setting the candidate is compared with when the base also ran k-shot (heldout run --shots base=K)'),
  judge: z.enum(['ci_low', 'point']).optional().describe('min_gain: ci_low (default) or point; min_score: point (default) or ci_low'),
  min_gain: signedFraction.optional().describe('candidate − baseline: the paired 95% interval\'s lower bound must be ≥ this'),
  min_score: fraction.optional().describe('the candidate\'s value must be ≥ this'),
  no_regression: z.strictObject({
    against: z.string().min(1).describe('a previous release\'s results/<model>.json, relative to the policy file'),
    tolerance: fraction.default(0).describe('fails only when the drop\'s interval lies wholly below −tolerance'),
  }).optional(),
  max_sensitivity: fraction.optional().describe('the candidate\'s template IQR, per task in scope, must be ≤ this'),
  max_broken_share: fraction.optional().describe('broken answers / compared answers must be ≤ this (0/1 metrics)'),
  claim: z.enum(CLAIM_IDS).optional().describe('a claim of the scorecard that must be delivered (see accept)'),
  accept: z.array(z.enum(CLAIM_VERDICTS)).min(1).optional().describe('claim rules: the verdicts that pass (default [delivered])'),
  margin: fraction.optional().describe('claim: knowledge_retained only: the non-inferiority margin this rule judges with'),
}).superRefine((rule, ctx) => {
  const kinds = RULE_KINDS.filter((k) => rule[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: kinds[1] ? [kinds[1]] : [],
      message: kinds.length === 0
        ? `a rule needs one of ${RULE_KINDS.join(', ')}`
        : `a rule has exactly one kind, this one has ${kinds.join(' and ')}: split it into two rules`,
    });
  }
  if (rule.judge && rule.min_gain === undefined && rule.min_score === undefined) {
    ctx.addIssue({ code: 'custom', path: ['judge'], message: 'judge applies to min_gain and min_score only' });
  }
  claimRuleIssues(rule).forEach(([key, message]) => ctx.addIssue({ code: 'custom', path: [key], message }));
});

/** Claim rules judge the whole zero-shot comparison; accept and margin belong to them only. */
function claimRuleIssues(rule: { claim?: string; accept?: unknown; margin?: unknown; scope: string; metric: string; base: string }): [string, string][] {
  if (rule.claim === undefined) {
    return [['accept', rule.accept], ['margin', rule.margin]].filter(([, v]) => v !== undefined)
      .map(([key]) => [key as string, `${key as string} applies to claim rules only`]);
  }
  const issues: [string, string][] = [];
  if (rule.scope !== 'overall') issues.push(['scope', 'a claim is judged over the whole comparison: drop scope']);
  if (rule.metric !== 'primary') issues.push(['metric', 'a claim says which metrics it uses: drop metric']);
  if (rule.base !== 'zero-shot') issues.push(['base', 'claims are measured against the zero-shot base: drop base']);
  if (rule.margin !== undefined && rule.claim !== 'knowledge_retained') issues.push(['margin', 'margin applies to claim: knowledge_retained only']);
  return issues;
}

/** A gate policy: the `gate:` section of a benchmark, or a file of its own. */
export const policyFileSchema = z.strictObject({
  rules: z.array(ruleSchema).min(1, 'a policy needs at least one rule (an empty gate would always pass)'),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type PolicyRuleSpec = z.infer<typeof ruleSchema>;
