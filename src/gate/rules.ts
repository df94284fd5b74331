import type { PairedDelta, TaskComparison } from '../compare/types.js';
import { ConfigError } from '../errors.js';
import { interval, pct, pValue, signedPts } from '../report/format.js';
import type { Target, Where } from './targets.js';
import type { GateRule, GateRuleResult, RuleCheck } from './types.js';

/** Bootstrap bounds are rounded sums: a bound equal to the threshold up to float noise passes. */
const EPSILON = 1e-12;

type Check<K extends RuleCheck['kind']> = Extract<RuleCheck, { kind: K }>;

export function result(rule: GateRule, measured: number | null, threshold: number, op: '>=' | '<=', detail: string): GateRuleResult {
  const value = measured !== null && Number.isFinite(measured) ? measured : null;
  const passed = value !== null && (op === '>=' ? value >= threshold - EPSILON : value <= threshold + EPSILON);
  return { name: rule.name, scope: rule.scopeText, metric: rule.metric, kind: rule.check.kind, op, measured: value, threshold, passed, detail };
}

/** The gain in the metric's good direction, with its paired interval. */
export function gainOf(row: PairedDelta, higherIsBetter: boolean): { delta: number; ci: [number, number] } {
  // comparison.json stores NaN as null; keep it NaN so it never reads as a bound of 0.
  const num = (x: number | null | undefined) => (typeof x === 'number' ? x : Number.NaN);
  const [lo, hi] = [num(row.ci?.[0]), num(row.ci?.[1])];
  return higherIsBetter ? { delta: num(row.delta), ci: [lo, hi] } : { delta: -num(row.delta), ci: [-hi, -lo] };
}

export function minGain(rule: GateRule, check: Check<'min_gain'>, target: Target): GateRuleResult {
  const gain = gainOf(target.row, target.higherIsBetter);
  const measured = check.judge === 'ci_low' ? gain.ci[0] : gain.delta;
  const what = check.judge === 'ci_low' ? 'lower bound' : 'gain';
  const out = result(rule, measured, check.threshold, '>=', '');
  const verdict = out.measured === null ? 'no interval' : `${what} ${signedPts(measured)} ${out.passed ? '≥' : '<'} ${signedPts(check.threshold)} pts`;
  out.detail = `gain ${signedPts(gain.delta)} pts ${interval(gain.ci, true)} (p ${pValue(target.row.pValue)}); ${verdict}`;
  return out;
}

export function minScore(rule: GateRule, check: Check<'min_score'>, target: Target): GateRuleResult {
  const score = target.row.candidate;
  const measured = check.judge === 'ci_low' ? score.ci?.[0] ?? null : score.value;
  const out = result(rule, measured, check.threshold, '>=', '');
  const what = check.judge === 'ci_low' ? 'lower bound' : 'score';
  const verdict = out.measured === null ? `no ${what} to judge` : `${what} ${pct(measured)} ${out.passed ? '≥' : '<'} ${pct(check.threshold)}`;
  out.detail = `candidate ${pct(score.value)} ${interval(score.ci)}; ${verdict}`;
  return out;
}

export function maxSensitivity(rule: GateRule, check: Check<'max_sensitivity'>, target: Target): GateRuleResult {
  const spreads = target.tasks
    .map((t) => ({ task: t.task, spread: t.spread?.candidate }))
    .filter((s) => s.spread && Number.isFinite(s.spread.iqr));
  if (spreads.length === 0) return result(rule, null, check.threshold, '<=', 'no template spread recorded for the tasks in scope');
  const worst = spreads.reduce((a, b) => (b.spread!.iqr > a.spread!.iqr ? b : a));
  const s = worst.spread!;
  const over = spreads.filter((x) => x.spread!.iqr > check.threshold + EPSILON).length;
  const out = result(rule, s.iqr, check.threshold, '<=', '');
  const of = spreads.length > 1 ? `; ${over} of ${spreads.length} tasks over` : '';
  out.detail = `worst task ${worst.task}: IQR ${pct(s.iqr)} pts over ${s.count} templates (best ${s.best.id} ${pct(s.best.value)}, worst ${s.worst.id} ${pct(s.worst.value)})${of}`;
  return out;
}

export function maxBrokenShare(rule: GateRule, check: Check<'max_broken_share'>, target: Target, where: Where): GateRuleResult {
  const binary = target.tasks.filter((t) => t.binary && t.broken !== undefined);
  if (binary.length === 0) {
    const names = target.tasks.map((t) => `${t.task} (${t.metric})`).join(', ');
    throw new ConfigError(`${where.location} rule "${rule.name}": max_broken_share needs a 0/1 metric (such as acc or exact_match), and ${names || 'no task'} in scope ${rule.scopeText} has none`, { hint: where.hint });
  }
  const counts = binary.map((t) => ({ task: t.task, broken: t.broken ?? 0, fixed: t.fixed ?? 0, answers: answersCompared(t) }));
  const broken = counts.reduce((n, c) => n + c.broken, 0);
  const fixed = counts.reduce((n, c) => n + c.fixed, 0);
  const answers = counts.reduce((n, c) => n + c.answers, 0);
  const out = result(rule, answers > 0 ? broken / answers : null, check.threshold, '<=', '');
  const skipped = target.tasks.length - binary.length;
  const notes = [`${broken} of ${answers} answers broken, ${fixed} fixed`];
  if (binary.length > 1) notes.push(`over ${binary.length} tasks`);
  if (skipped > 0) notes.push(`${skipped} task${skipped > 1 ? 's' : ''} without a 0/1 metric left out`);
  out.detail = `${notes.join(', ')}; share ${pct(out.measured)}% ${out.passed ? '≤' : '>'} ${pct(check.threshold)}%`;
  return out;
}

/** Answers compared: each template's paired items. */
function answersCompared(t: TaskComparison): number {
  const perTemplate = Object.values(t.templates ?? {}).reduce((n, d) => n + (d.candidate?.n ?? 0), 0);
  return perTemplate > 0 ? perTemplate : t.candidate.n;
}
