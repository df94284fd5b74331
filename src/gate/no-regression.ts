import path from 'node:path';
import { compareRuns } from '../compare/compare.js';
import type { Comparison } from '../compare/types.js';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { interval, signedPts } from '../report/format.js';
import type { RunResult } from '../runner/result-types.js';
import { readRunResultFile } from './read-files.js';
import { gainOf, result } from './rules.js';
import { resolveTarget, type Target, type Where } from './targets.js';
import type { GateContext, GateRule, GateRuleResult, RuleCheck } from './types.js';

type NoRegression = Extract<RuleCheck, { kind: 'no_regression' }>;

/** Pairs the current candidate with previous releases, once per `against` file. */
export class RegressionComparisons {
  private readonly cache = new Map<string, Promise<{ comparison: Comparison; label: string }>>();
  private current?: Promise<RunResult>;

  constructor(private readonly comparison: Comparison, private readonly policyDir: string, private readonly ctx: GateContext) {}

  get allowPartial(): boolean {
    return this.ctx.allowPartial === true;
  }

  /** current − previous on the same items; `label` names the previous release for messages. */
  against(file: string): Promise<{ comparison: Comparison; label: string }> {
    const abs = path.resolve(this.policyDir, file);
    let found = this.cache.get(abs);
    if (!found) {
      found = this.build(abs, file);
      this.cache.set(abs, found);
    }
    return found;
  }

  private async build(abs: string, written: string): Promise<{ comparison: Comparison; label: string }> {
    const load = this.ctx.loadResult ?? readRunResultFile;
    const [previous, current] = await Promise.all([load(abs), this.currentResult(load)]);
    const comparison = compareRuns(previous, current, { seed: this.comparison.seed, iterations: this.ctx.iterations ?? 1000 });
    return { comparison, label: `${previous.model.name} in ${written}` };
  }

  private currentResult(load: (file: string) => Promise<RunResult>): Promise<RunResult> {
    const file = path.join(this.ctx.comparisonDir, 'results', `${this.comparison.candidate.name}.json`);
    this.current ??= load(file).catch((cause: unknown) => {
      throw new InputError(`no_regression needs the candidate's results next to comparison.json, and ${displayPath(file)} cannot be used: ${(cause as Error).message}`, {
        file, hint: 'keep the run folder whole (comparison.json with results/) when you gate', cause,
      });
    });
    return this.current;
  }
}

/**
 * Fails only on a significant drop beyond the tolerance: the interval's upper bound below −tolerance.
 * The previous release must pair every item of the rule's scope (and come from the same benchmark):
 * a thin overlap is refused, never judged silently, unless the gate runs with allowPartial.
 */
export async function noRegression(rule: GateRule, check: NoRegression, runs: RegressionComparisons, where: Where, current: Target): Promise<GateRuleResult> {
  const { comparison, label } = await runs.against(check.against);
  const target = resolveTarget(comparison, rule, { ...where, what: `the comparison with ${label}` });
  const gaps = coverageGaps(comparison, current, label);
  if (gaps.length && !runs.allowPartial) {
    throw new InputError(`${where.location} rule "${rule.name}": no_regression against ${label} does not cover the rule's scope: ${gaps.join('; ')}`, {
      hint: `point against: at the previous release's results of the same benchmark, run on the same tasks and items (same --limit); heldout gate --allow-partial judges the overlap anyway`,
    });
  }
  const change = gainOf(target.row, target.higherIsBetter);
  const out = result(rule, change.ci[1], -check.tolerance, '>=', '');
  const tolerance = `the ${signedPts(check.tolerance).replace('+', '')}-pt tolerance`;
  let reading: string;
  if (out.measured === null) reading = 'no interval to judge';
  else if (!out.passed) reading = check.tolerance > 0 ? `significant regression beyond ${tolerance}` : 'significant regression';
  else if (change.ci[1] < 0) reading = `significant drop, within ${tolerance}`;
  else if (change.delta < 0) reading = 'drop not significant';
  else reading = 'no drop';
  out.detail = `vs ${label}: ${signedPts(change.delta)} pts ${interval(change.ci, true)}; ${reading}${gaps.length ? `; partial: ${gaps.join('; ')}` : ''}`;
  return out;
}

/** What the comparison with the previous release leaves out of the rule's scope in the current run. */
function coverageGaps(vsPrevious: Comparison, current: Target, label: string): string[] {
  const gaps: string[] = [];
  const benchmarks = vsPrevious.pairing?.benchmarks;
  if (benchmarks) gaps.push(`${label} is a result of benchmark "${benchmarks.baseline}", not "${benchmarks.candidate}"`);
  for (const id of new Set(current.tasks.map((t) => t.task))) {
    const p = vsPrevious.pairing?.tasks.find((x) => x.task === id);
    if (!p) gaps.push(`${id}: not in ${label}`);
    else if (p.paired < p.candidate) gaps.push(`${id}: ${p.paired} of ${p.candidate} items paired`);
  }
  return gaps;
}
