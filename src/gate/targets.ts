import type { Comparison, PairedDelta, TaskComparison } from '../compare/types.js';
import { ConfigError } from '../errors.js';
import type { GateRule } from './types.js';

/** What a rule's scope and metric select in a comparison. */
export interface Target {
  /** The paired row judged by gain and score rules: the aggregate, or the task's metric. */
  row: PairedDelta;
  /** The task rows in scope: each task's primary metric, or the named metric of one task. */
  tasks: TaskComparison[];
  /** Aggregates are macro means of primary metrics, all of which go up when better. */
  higherIsBetter: boolean;
}

export interface Where {
  /** `gate.yaml:7`, for messages. */
  location: string;
  /** What the comparison is, for messages: "the comparison", "the comparison with release 1.2". */
  what: string;
  /** Hint that names the fix. */
  hint: string;
}

/** The rows a rule judges; a scope, task or metric the comparison lacks is a ConfigError, never a pass. */
export function resolveTarget(c: Comparison, rule: GateRule, where: Where): Target {
  const fail = (problem: string) => new ConfigError(`${where.location} rule "${rule.name}": ${problem}`, { hint: where.hint });
  const scope = rule.scope;
  if (scope.kind === 'task') {
    const rows = c.tasks.filter((t) => t.task === scope.name);
    if (rows.length === 0) throw fail(`no task "${scope.name}" in ${where.what} (tasks: ${list(new Set(c.tasks.map((t) => t.task)))})`);
    const row = rows.find((t) => (rule.metric === 'primary' ? t.primary : t.metric === rule.metric));
    if (!row) throw fail(`task "${scope.name}" has no metric "${rule.metric}" in ${where.what} (metrics: ${list(rows.map((t) => t.metric))}, or primary)`);
    return { row, tasks: [row], higherIsBetter: row.higherIsBetter };
  }
  if (rule.metric !== 'primary') {
    throw fail(`metric "${rule.metric}" needs scope task:<id>; aggregate scopes (${rule.scopeText}) use each task's primary metric: write metric: primary`);
  }
  const primary = c.tasks.filter((t) => t.primary);
  if (scope.kind === 'category') {
    const row = c.categories.find((a) => a.scope === 'all' && a.category === scope.name);
    if (!row) throw fail(`no category "${scope.name}" in ${where.what} (categories: ${list(new Set(c.categories.map((a) => a.category ?? '')))})`);
    return { row, tasks: primary.filter((t) => t.category === scope.name), higherIsBetter: true };
  }
  if (scope.kind === 'overall') return { row: c.overall, tasks: primary, higherIsBetter: true };
  const heldOut = scope.kind === 'held-out';
  const row = heldOut ? c.heldOut : c.seen;
  if (!row) {
    const why = heldOut ? `every task's family is among ${c.candidate.name}'s trained families` : `no task's family is among ${c.candidate.name}'s trained families`;
    const card = heldOut
      ? `if ${c.candidate.name} really was tuned on every family here, judge it by scope seen or overall`
      : `a model without a card (heldout.json trained_families) has no seen tasks: add the card, judge scope held-out or overall, or skip a benchmark's inline gate with heldout run --no-gate`;
    throw new ConfigError(`${where.location} rule "${rule.name}": ${where.what} has no ${scope.kind} tasks (${why}; scopes that exist: ${list(availableScopes(c))})`, { hint: `${card}; ${where.hint}` });
  }
  return { row, tasks: primary.filter((t) => t.heldOut === heldOut), higherIsBetter: true };
}

/** Every scope a rule may name in this comparison. */
export function availableScopes(c: Comparison): string[] {
  const scopes = ['overall'];
  if (c.heldOut) scopes.push('held-out');
  if (c.seen) scopes.push('seen');
  for (const a of c.categories) if (a.scope === 'all' && a.category) scopes.push(`category:${a.category}`);
  for (const t of new Set(c.tasks.map((x) => x.task))) scopes.push(`task:${t}`);
  return scopes;
}

function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length ? all.join(', ') : 'none';
}
