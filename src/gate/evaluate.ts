import type { Comparison } from '../compare/types.js';
import { displayPath } from '../config/load-yaml.js';
import { ConfigError, InputError } from '../errors.js';
import { claimOf, claimRule } from './claim-rule.js';
import { ruleLocation } from './load-policy.js';
import { noRegression, RegressionComparisons } from './no-regression.js';
import { maxBrokenShare, maxSensitivity, minGain, minScore } from './rules.js';
import { availableScopes, resolveTarget, type Target, type Where } from './targets.js';
import type { GateContext, GatePolicy, GateRule, GateRuleResult, GateVerdict } from './types.js';

/**
 * Judge every rule of a policy against a comparison. Every rule is checked
 * against the comparison before any is judged, so a misnamed task fails fast
 * (ConfigError) rather than after a long no_regression comparison.
 */
export async function evaluateGate(policy: GatePolicy, comparison: Comparison, ctx: GateContext): Promise<GateVerdict> {
  const partial = comparison.pairing?.partial ? comparison.pairing.reasons : [];
  if (partial.length && !ctx.allowPartial) {
    throw new InputError(`${displayPath(policy.file)}: cannot gate a partial comparison: ${partial.join('; ')}`, {
      hint: 'join every shard with heldout merge, or run both models on the same tasks and items (same --limit), then gate; heldout gate --allow-partial judges the overlap anyway',
    });
  }
  const resolved = policy.rules.map((rule) => {
    const against = comparisonFor(policy, rule, comparison);
    const where = whereOf(policy, rule, against);
    const claim = rule.check.kind === 'claim' ? claimOf(against, rule, rule.check, where) : undefined;
    return { rule, where, target: resolveTarget(against, rule, where), claim };
  });
  const runs = new RegressionComparisons(comparison, ctx.policyDir ?? policy.dir, ctx);
  const rules: GateRuleResult[] = [];
  for (const { rule, where, target, claim } of resolved) rules.push(claim && rule.check.kind === 'claim' ? claimRule(rule, rule.check, claim) : await judge(rule, target, where, runs));
  return { passed: rules.every((r) => r.passed), rules, ...(partial.length ? { partial } : {}) };
}

function judge(rule: GateRule, target: Target, where: Where, runs: RegressionComparisons): GateRuleResult | Promise<GateRuleResult> {
  const check = rule.check;
  switch (check.kind) {
    case 'min_gain': return minGain(rule, check, target);
    case 'min_score': return minScore(rule, check, target);
    case 'max_sensitivity': return maxSensitivity(rule, check, target);
    case 'max_broken_share': return maxBrokenShare(rule, check, target, where);
    case 'no_regression': return noRegression(rule, check, runs, where, target);
    case 'claim': throw new Error('claim rules are judged by claimRule');
  }
}

/** The comparison a rule judges: against the zero-shot base, the k-shot base, or the better of the two per task. */
function comparisonFor(policy: GatePolicy, rule: GateRule, c: Comparison): Comparison {
  if (!rule.base || rule.base === 'zero-shot') return c;
  if (!c.fewshot) {
    throw new ConfigError(`${ruleLocation(policy, rule)} rule "${rule.name}": base: ${rule.base} needs a k-shot run of ${c.baseline.name}, and this run has none`, {
      file: policy.file, line: rule.line, hint: `run with --shots ${c.baseline.name}=K (or give the benchmark a second, k-shot base), or drop base:`,
    });
  }
  return rule.base === 'k-shot' ? c.fewshot.vsKShot : c.fewshot.vsBest;
}

function whereOf(policy: GatePolicy, rule: GateRule, c: Comparison): Where {
  return {
    location: ruleLocation(policy, rule),
    what: `the comparison (${c.candidate.name} vs ${c.baseline.name})`,
    hint: `fix the rule's scope or metric; scopes in this comparison: ${shortList(availableScopes(c))}`,
  };
}

function shortList(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}
