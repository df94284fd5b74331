/** The releases view's numbers: each run's scores per scope, and the paired gain between consecutive runs. */
import { compareRuns } from '../compare/compare.js';
import type { AggregateComparison, Comparison } from '../compare/types.js';
import type { LineSeries } from '../report/html/charts/line-chart.js';
import type { RunResult } from '../runner/result-types.js';
import { readModelResult, type RunSummary } from './read-run.js';

/** A run of the releases view: one that has a comparison. */
export type ReleaseRun = RunSummary & { comparison: Comparison };

/** A scope the view charts: held-out, all tasks, or one category. */
export interface Scope {
  key: string;
  label: string;
  pick: (c: Comparison) => AggregateComparison | null | undefined;
}

/** The candidate of one run paired item by item with the candidate of the run before it. */
export interface ConsecutiveGain {
  from: ReleaseRun;
  to: ReleaseRun;
  comparison?: Comparison;
  problem?: string;
}

export function releaseRuns(runs: RunSummary[], benchmark: string, selected?: string[]): ReleaseRun[] {
  const all = runs.filter((r): r is ReleaseRun => r.benchmark === benchmark && r.comparison !== null);
  return selected?.length ? all.filter((r) => selected.includes(r.id)) : all;
}

export const HELD_OUT: Scope = { key: 'held-out', label: 'held-out tasks', pick: (c) => c.heldOut };
export const ALL: Scope = { key: 'all', label: 'all tasks', pick: (c) => c.overall };

/** One scope per category any run has, in first-seen order. */
export function categoryScopes(runs: ReleaseRun[]): Scope[] {
  const names = [...new Set(runs.flatMap((r) => r.comparison.categories.filter((a) => a.scope === 'all').map((a) => a.category ?? '')))].filter(Boolean);
  return names.map((name) => ({
    key: `category:${name}`, label: name,
    pick: (c) => c.categories.find((a) => a.category === name && a.scope === 'all'),
  }));
}

/** `tuned (candidate)` when every run's candidate has one name; else just the role. */
function roleLabel(runs: ReleaseRun[], role: 'baseline' | 'candidate'): string {
  const names = new Set(runs.map((r) => r.comparison[role].name));
  return names.size === 1 ? `${[...names][0]} (${role})` : role;
}

/** Baseline and candidate scores on a scope, one point per run. */
export function scoreSeries(runs: ReleaseRun[], scope: Scope): LineSeries[] {
  return (['baseline', 'candidate'] as const).map((role) => ({
    name: roleLabel(runs, role),
    points: runs.map((r) => {
      const agg = scope.pick(r.comparison);
      const model = r.comparison[role];
      return { x: r.id, value: agg?.[role]?.value ?? null, ci: agg?.[role]?.ci ?? null, note: `${model.name} ${model.fingerprint.replace(/^sha256:/, '').slice(0, 10)}` };
    }),
  }));
}

/** candidate − baseline within each run, one series per scope. */
export function gainSeries(runs: ReleaseRun[], scopes: Scope[]): LineSeries[] {
  return scopes.map((scope) => ({
    name: scope.label,
    points: runs.map((r) => {
      const agg = scope.pick(r.comparison);
      return { x: r.id, value: agg?.delta ?? null, ci: agg?.ci ?? null, note: agg ? `${agg.tasks} task${agg.tasks === 1 ? '' : 's'}` : 'not in this run' };
    }),
  }));
}

/** The change between consecutive candidates, one series per scope, x = `earlier → later`. */
export function consecutiveSeries(gains: ConsecutiveGain[], scopes: Scope[]): LineSeries[] {
  return scopes.map((scope) => ({
    name: scope.label,
    points: gains.map((g) => {
      const agg = g.comparison ? scope.pick(g.comparison) : undefined;
      return { x: `${g.from.id} → ${g.to.id}`, value: agg?.delta ?? null, ci: agg?.ci ?? null, note: g.problem ?? `${agg?.tasks ?? 0} tasks` };
    }),
  }));
}

/** Pair each run's candidate with the previous run's candidate; results are cached by directory and date. */
export async function consecutiveGains(runs: ReleaseRun[], cache: Map<string, Promise<ConsecutiveGain>>): Promise<ConsecutiveGain[]> {
  const pairs = runs.slice(1).map((to, i) => ({ from: runs[i]!, to }));
  return Promise.all(pairs.map(({ from, to }) => {
    const key = JSON.stringify([from.dir, from.date, to.dir, to.date]);
    let gain = cache.get(key);
    if (!gain) cache.set(key, (gain = pairCandidates(from, to)));
    return gain;
  }));
}

/** The view shows aggregates of primary metrics only: pairing the other metrics would be wasted bootstraps. */
function primaryOnly(r: RunResult): RunResult {
  const keep = <T>(rec: Record<string, T>, name: string): Record<string, T> => (name in rec ? { [name]: rec[name]! } : {});
  return { ...r, tasks: r.tasks.map((t) => ({ ...t, metrics: keep(t.metrics, t.primary), stats: keep(t.stats, t.primary) })) };
}

async function pairCandidates(from: ReleaseRun, to: ReleaseRun): Promise<ConsecutiveGain> {
  try {
    const [previous, current] = await Promise.all([
      readModelResult(from, from.comparison.candidate.name),
      readModelResult(to, to.comparison.candidate.name),
    ]);
    const iterations = to.manifest?.iterations ?? 1000;
    return { from, to, comparison: compareRuns(primaryOnly(previous), primaryOnly(current), { seed: to.comparison.seed, iterations }) };
  } catch (err) {
    return { from, to, problem: (err as Error).message };
  }
}
