import type { RunResult, TaskResult } from '../runner/result-types.js';
import { compareRuns, type CompareOptions } from './compare.js';
import type { Comparison } from './types.js';

/** Zero-shot tuned against the base shown k worked examples, and against the better base setting per task. */
export interface FewShotComparison {
  shots: number;
  /** The k-shot base run's model name (e.g. `base-3shot`). */
  kShotModel: string;
  vsKShot: Comparison;
  vsBest: Comparison;
  /** Per task: which base setting was better on its primary metric (the one the gain is measured against). */
  bestBase: Record<string, string>;
}

/** The k-shot run of the baseline: the same weights and format, with exemplars. */
export function findKShotBaseline(results: RunResult[], baseline: RunResult): RunResult | undefined {
  return results.find((r) => r !== baseline && r.model.fingerprint === baseline.model.fingerprint
    && r.model.format === baseline.model.format && r.model.shots > baseline.model.shots);
}

export function compareFewShot(zeroShot: RunResult, kShot: RunResult, candidate: RunResult, opts: CompareOptions): FewShotComparison {
  const bestBase: Record<string, string> = {};
  const best: RunResult = {
    ...zeroShot,
    model: { ...zeroShot.model, name: `${zeroShot.model.name} (better of ${zeroShot.model.shots}/${kShot.model.shots}-shot)` },
    tasks: zeroShot.tasks.map((t) => {
      const k = kShot.tasks.find((x) => x.id === t.id);
      const pick = k && value(k) > value(t) ? k : t;
      bestBase[t.id] = pick === t ? zeroShot.model.name : kShot.model.name;
      return pick;
    }),
  };
  return {
    shots: kShot.model.shots,
    kShotModel: kShot.model.name,
    vsKShot: compareRuns(kShot, candidate, { ...opts, claims: false }),
    vsBest: compareRuns(best, candidate, { ...opts, claims: false }),
    bestBase,
  };
}

function value(t: TaskResult): number {
  const v = t.metrics[t.primary]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : -Infinity;
}
