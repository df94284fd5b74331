/** Claim 3, stability: does the tuned model give the same answer when asked the same prompt again? */
import type { RunResult, TaskResult } from '../runner/result-types.js';
import { meanReducer } from '../stats/index.js';
import { macroEffect, type ClaimPiece } from './claim-pieces.js';
import type { Claim, ClaimOptions } from './claims-types.js';
import { notMeasured, verdictOf } from './claim-verdict.js';

type Column = 'agreement' | 'variance';

/** Per item (matched by id), one stability measure of each model. */
function piece(base: TaskResult, cand: TaskResult, column: Column): ClaimPiece | null {
  const b = base.stability;
  const c = cand.stability;
  if (!b || !c) return null;
  const index = new Map(b.items.map((id, i) => [id, i]));
  const baseRows: number[][] = [];
  const candRows: number[][] = [];
  c.items.forEach((id, j) => {
    const i = index.get(id);
    const bv = i === undefined ? null : b[column][i];
    const cv = c[column][j];
    if (typeof bv === 'number' && typeof cv === 'number') { baseRows.push([bv]); candRows.push([cv]); }
  });
  if (baseRows.length === 0) return null;
  return { id: cand.id, metric: column === 'agreement' ? 'answer agreement' : `${c.metric ?? 'score'} variance`, binary: column === 'agreement', base: baseRows, cand: candRows, reduce: meanReducer };
}

function pieces(base: RunResult, cand: RunResult, column: Column): ClaimPiece[] {
  return cand.tasks.flatMap((t) => {
    const b = base.tasks.find((x) => x.id === t.id);
    const p = b ? piece(b, t, column) : null;
    return p ? [p] : [];
  });
}

export function stabilityClaim(base: RunResult, cand: RunResult, opts: ClaimOptions): Claim {
  const settings = cand.tasks.find((t) => t.stability)?.stability;
  const head = {
    id: 'stability' as const, title: 'gives the same answer when asked again', better: 'higher' as const,
    measure: settings
      ? `per item, the share of ${settings.samples} answers sampled at temperature ${settings.temperature} equal to the most common one; macro over tasks`
      : 'per item, the share of K sampled answers equal to the most common one',
    rule: 'the interval lies above 0',
  };
  const agreement = pieces(base, cand, 'agreement');
  if (agreement.length === 0) return notMeasured(head, 'stability sampling is off: add `stability: {samples: 5, temperature: 0.7}` to the benchmark');
  const m = macroEffect(agreement, 'stability', opts);
  const claim: Claim = {
    ...head, baseline: m.baseline, candidate: m.candidate, effect: m.effect, ci: m.ci, pValue: m.pValue,
    verdict: verdictOf(m.ci, 'higher'), parts: m.parts,
  };
  const variance = pieces(base, cand, 'variance');
  if (variance.length > 0) {
    const v = macroEffect(variance, 'stability-variance', opts);
    claim.secondary = { measure: 'variance of the K answers\' scores (lower is steadier)', better: 'lower', baseline: v.baseline, candidate: v.candidate, effect: v.effect, ci: v.ci };
  }
  return claim;
}
