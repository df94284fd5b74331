import path from 'node:path';
import { displayPath, parseYaml, readYaml, validateYaml, type YamlSource } from '../config/load-yaml.js';
import { policyFileSchema, RULE_KINDS, type PolicyRuleSpec } from '../config/policy-schema.js';
import { ConfigError } from '../errors.js';
import type { GatePolicy, GateRule, GateScope, RuleCheck } from './types.js';

const HINT = 'a gate rule is {scope, metric, and one of min_gain, min_score, no_regression, max_sensitivity, max_broken_share}, or {claim: <id>}; see "Gating releases in CI" in the README';

type LineOf = (keyPath: readonly PropertyKey[]) => number | undefined;

/** A policy file of its own (`heldout gate --policy gate.yaml`), or a benchmark file with a `gate:` section. */
export async function loadPolicy(file: string): Promise<GatePolicy> {
  const src = await readYaml(path.resolve(file));
  const value = src.value as { gate?: unknown; tasks?: unknown } | null;
  if (value && typeof value === 'object' && 'tasks' in value && 'gate' in value) {
    return parsePolicy(value.gate, src.file, (keyPath) => src.lineOf(['gate', ...keyPath]));
  }
  return fromSource(src);
}

/** A policy from YAML text (tests, tools). */
export function parsePolicyText(text: string, file: string): GatePolicy {
  return fromSource(parseYaml(text, path.resolve(file)));
}

/**
 * A policy from an already parsed value, e.g. a benchmark's `gate:` section.
 * `lineOf` maps a key path inside the value to a line of `file`.
 */
export function parsePolicy(value: unknown, file: string, lineOf: LineOf = () => undefined): GatePolicy {
  return fromSource({ file: path.resolve(file), value, lineOf });
}

/** The inline `gate:` section of a benchmark file, or null when it has none. */
export async function loadBenchmarkGate(benchmarkFile: string): Promise<GatePolicy | null> {
  const src = await readYaml(path.resolve(benchmarkFile));
  const gate = (src.value as { gate?: unknown } | null)?.gate;
  if (gate === undefined || gate === null) return null;
  return parsePolicy(gate, src.file, (keyPath) => src.lineOf(['gate', ...keyPath]));
}

function fromSource(src: YamlSource): GatePolicy {
  let spec;
  try {
    spec = validateYaml(src, policyFileSchema, 'gate policy');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(err.message, { file: err.file, line: err.line, hint: HINT, cause: err });
  }
  const rules = spec.rules.map((rule, i) => toRule(rule, src.lineOf(['rules', i])));
  uniqueNames(rules);
  return { file: src.file, dir: path.dirname(src.file), rules };
}

function toRule(spec: PolicyRuleSpec, line: number | undefined): GateRule {
  const check = toCheck(spec);
  const name = spec.name ?? (check.kind === 'claim' ? `claim ${check.claim}` : `${check.kind} ${spec.scope}${spec.metric === 'primary' ? '' : ` ${spec.metric}`}`);
  return { name, scopeText: spec.scope, scope: toScope(spec.scope), metric: spec.metric, base: spec.base, check, ...(line ? { line } : {}) };
}

function toScope(text: string): GateScope {
  if (text === 'overall' || text === 'held-out' || text === 'seen') return { kind: text };
  const colon = text.indexOf(':');
  return { kind: text.slice(0, colon) as 'category' | 'task', name: text.slice(colon + 1).trim() };
}

function toCheck(spec: PolicyRuleSpec): RuleCheck {
  if (spec.min_gain !== undefined) return { kind: 'min_gain', threshold: spec.min_gain, judge: spec.judge ?? 'ci_low' };
  if (spec.min_score !== undefined) return { kind: 'min_score', threshold: spec.min_score, judge: spec.judge ?? 'point' };
  if (spec.no_regression) return { kind: 'no_regression', ...spec.no_regression };
  if (spec.max_sensitivity !== undefined) return { kind: 'max_sensitivity', threshold: spec.max_sensitivity };
  if (spec.max_broken_share !== undefined) return { kind: 'max_broken_share', threshold: spec.max_broken_share };
  if (spec.claim !== undefined) return { kind: 'claim', claim: spec.claim, accept: spec.accept ?? ['delivered'], ...(spec.margin !== undefined ? { margin: spec.margin } : {}) };
  // The schema guarantees one kind; reaching here is a bug, not a user error.
  throw new Error(`gate rule without a kind (expected one of ${RULE_KINDS.join(', ')})`);
}

/** Verdict rows and JUnit test names must tell rules apart. */
function uniqueNames(rules: GateRule[]): void {
  const seen = new Map<string, number>();
  for (const rule of rules) {
    const count = (seen.get(rule.name) ?? 0) + 1;
    seen.set(rule.name, count);
    if (count > 1) rule.name = `${rule.name} (${count})`;
  }
}

/** `gate.yaml:7` for messages about a rule. */
export function ruleLocation(policy: GatePolicy, rule: GateRule): string {
  return rule.line ? `${displayPath(policy.file)}:${rule.line}` : displayPath(policy.file);
}
