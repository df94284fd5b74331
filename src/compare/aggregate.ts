import { macroBootstrap, pairedMacroBootstrap, seedFrom, type PairedMacroTask } from '../stats/index.js';
import type { AggregateComparison, Comparison, TaskComparison } from './types.js';

type Scope = AggregateComparison['scope'];

/** A task's primary-metric comparison and the paired item clusters behind it. */
export interface PrimaryPair {
  paired: PairedMacroTask;
  task: TaskComparison;
}

/** Macro averages of each task's primary metric: per category, held-out vs seen, overall. */
export function aggregate(
  pieces: PrimaryPair[], opts: { seed: number; iterations: number },
): Pick<Comparison, 'categories' | 'overall' | 'heldOut' | 'seen'> {
  const make = (scope: Scope, category?: string) => {
    const chosen = pieces.filter((p) => (!category || p.task.category === category) && inScope(p.task, scope));
    return chosen.length ? macro(chosen, scope, category, opts) : null;
  };
  const categories: AggregateComparison[] = [];
  for (const category of [...new Set(pieces.map((p) => p.task.category))]) {
    const all = make('all', category)!;
    categories.push(all);
    for (const scope of ['held-out', 'seen'] as const) {
      const agg = make(scope, category);
      // A split that holds every task of the category would only repeat the `all` row.
      if (agg && agg.tasks < all.tasks) categories.push(agg);
    }
  }
  return { categories, overall: make('all')!, heldOut: make('held-out'), seen: make('seen') };
}

function inScope(task: TaskComparison, scope: Scope): boolean {
  return scope === 'all' || (scope === 'held-out') === task.heldOut;
}

function macro(chosen: PrimaryPair[], scope: Scope, category: string | undefined, opts: { seed: number; iterations: number }): AggregateComparison {
  // Seeded by the tasks it holds, not by its name: held-out, overall and a category over the same
  // tasks resample alike, so a gate on one cannot disagree with a claim on another by chance.
  const seed = seedFrom(opts.seed, 'aggregate', ...chosen.map((p) => p.task.task));
  const est = pairedMacroBootstrap(chosen.map((p) => p.paired), { seed, iterations: opts.iterations });
  const side = (which: 'base' | 'cand') => macroBootstrap(chosen.map((p) => ({ id: p.paired.id, stats: p.paired[which], reduce: p.paired.reduce })), { seed, iterations: opts.iterations });
  const binary = chosen.every((p) => p.task.binary);
  if (chosen.length === 1) {
    // One task: its own paired comparison is the aggregate (the same numbers, not a second resampling).
    const t = chosen[0]!.task;
    return {
      metric: 'primary', scope, ...(category ? { category } : {}), tasks: 1,
      baseline: t.baseline, candidate: t.candidate, delta: t.delta, ci: t.ci, pValue: t.pValue,
      ...(binary ? { fixed: t.fixed, broken: t.broken } : {}),
    };
  }
  const fixed = binary ? chosen.reduce((n, p) => n + (p.task.fixed ?? 0), 0) : undefined;
  const broken = binary ? chosen.reduce((n, p) => n + (p.task.broken ?? 0), 0) : undefined;
  return {
    metric: 'primary', scope, ...(category ? { category } : {}), tasks: chosen.length,
    baseline: side('base'), candidate: side('cand'), delta: est.delta, ci: est.ci, pValue: est.pValue,
    ...(binary ? { fixed, broken } : {}),
  };
}
