/**
 * Macro aggregation over tasks: the aggregate is the plain mean of per-task
 * values (tasks may use different metrics), its interval a stratified
 * bootstrap that resamples items within each task independently. Each task
 * draws from its own stream, derived from the seed and the task's id, so a
 * task's resamples do not depend on which tasks come before it.
 * Tasks without items are left out.
 */
import { InputError } from '../errors.js';
import type { Estimate } from './bootstrap.js';
import { emptyPairedEstimate, type PairedEstimate } from './paired-bootstrap.js';
import type { Reducer } from './reducer.js';
import {
  makeEvaluator, percentileInterval, replicate, resolveOptions, shiftPValue,
  type BootstrapOptions, type ResolvedOptions,
} from './resample.js';

export interface MacroTask {
  /** Names the task's random stream; defaults to its position. */
  id?: string;
  stats: number[][];
  reduce: Reducer;
}

export interface PairedMacroTask {
  id?: string;
  base: number[][];
  cand: number[][];
  reduce: Reducer;
}

interface PreparedTask {
  id: string;
  sets: number[][][];
  reduce: Reducer;
}

/** Name every task, refuse duplicate names (they would share a stream), drop empty tasks. */
function prepare(tasks: { id?: string; sets: number[][][]; reduce: Reducer }[]): { used: PreparedTask[]; n: number } {
  const named = tasks.map((task, index) => ({ ...task, id: task.id ?? `#${index}` }));
  const seen = new Set<string>();
  for (const { id } of named) {
    if (seen.has(id)) throw new InputError(`task ${id} is listed twice in a macro aggregate`);
    seen.add(id);
  }
  const used = named.filter((task) => task.sets[0]!.length > 0);
  return { used, n: used.reduce((acc, task) => acc + task.sets[0]!.length, 0) };
}

/** Add each task's replicates into running sums; returns the tasks' point values. */
function accumulate(
  tasks: PreparedTask[],
  { rng, iterations }: ResolvedOptions,
  sums: Float64Array[],
): number[] {
  const points = sums.map(() => 0);
  tasks.forEach((task) => {
    const n = task.sets[0]!.length;
    task.sets.forEach((set, s) => { points[s]! += task.reduce(set); });
    const evaluators = task.sets.map((set) => makeEvaluator(set, task.reduce));
    const reps = replicate(rng.derive(task.id), n, evaluators, iterations);
    reps.forEach((rep, s) => rep.forEach((v, b) => { sums[s]![b]! += v; }));
  });
  return points;
}

/** Macro average of per-task values with a stratified bootstrap interval. */
export function macroBootstrap(tasks: MacroTask[], opts: BootstrapOptions): Estimate {
  const resolved = resolveOptions(opts);
  const { used, n } = prepare(tasks.map((task) => ({ id: task.id, sets: [task.stats], reduce: task.reduce })));
  if (used.length === 0) return { value: Number.NaN, ci: [Number.NaN, Number.NaN], n: 0 };
  const sums = [new Float64Array(resolved.iterations)];
  const [total] = accumulate(used, resolved, sums);
  const means = sums[0]!.map((s) => s / used.length);
  return { value: total! / used.length, ci: percentileInterval(means, resolved.level), n };
}

/** Paired macro delta (candidate − baseline) with a stratified paired bootstrap. */
export function pairedMacroBootstrap(tasks: PairedMacroTask[], opts: BootstrapOptions): PairedEstimate {
  const resolved = resolveOptions(opts);
  tasks.forEach((task, index) => {
    if (task.base.length !== task.cand.length) {
      throw new InputError(
        `task ${task.id ?? `#${index}`}: baseline has ${task.base.length} items, candidate ${task.cand.length}`,
        { hint: 'Both models must answer the same items in the same order.' },
      );
    }
  });
  const { used, n } = prepare(tasks.map((task) => ({ id: task.id, sets: [task.base, task.cand], reduce: task.reduce })));
  if (used.length === 0) return emptyPairedEstimate();
  const sums = [new Float64Array(resolved.iterations), new Float64Array(resolved.iterations)];
  const [baseTotal, candTotal] = accumulate(used, resolved, sums);
  const baseline = baseTotal! / used.length;
  const candidate = candTotal! / used.length;
  const delta = candidate - baseline;
  const deltas = sums[1]!.map((c, b) => (c - sums[0]![b]!) / used.length);
  const pValue = n < 2 ? 1 : shiftPValue(deltas, delta);
  return { baseline, candidate, delta, ci: percentileInterval(deltas, resolved.level), pValue, n };
}
