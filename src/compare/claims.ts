/**
 * The claims scorecard: one row per promise of instruction tuning, each with
 * the measured effect (tuned − base), its paired 95% interval and a verdict.
 * Every interval is a paired bootstrap over items (stratified by task when
 * the claim spans several tasks), so base and tuned are judged on the same items.
 */
import type { RunResult, TaskResult } from '../runner/result-types.js';
import { macroEffect, metricPiece, spreadPiece, type ClaimPiece } from './claim-pieces.js';
import { notMeasured, verdictOf, type Head } from './claim-verdict.js';
import { DEFAULT_KNOWLEDGE_MARGIN, type Claim, type ClaimOptions, type ClaimVerdict } from './claims-types.js';
import { stabilityClaim } from './stability-claim.js';
import type { Comparison } from './types.js';

/** Task pairs of the two runs, in the candidate's order. */
function pairs(base: RunResult, cand: RunResult): [TaskResult, TaskResult][] {
  return cand.tasks.flatMap((t) => { const b = base.tasks.find((x) => x.id === t.id); return b ? [[b, t] as [TaskResult, TaskResult]] : []; });
}

function fromPieces(head: Head, pieces: ClaimPiece[], opts: ClaimOptions, none: string, threshold = 0): Claim {
  if (pieces.length === 0) return notMeasured(head, none);
  const m = macroEffect(pieces, head.id, opts);
  return {
    ...head, baseline: m.baseline, candidate: m.candidate, effect: m.effect, ci: m.ci, pValue: m.pValue,
    verdict: verdictOf(m.ci, head.better, threshold), parts: m.parts,
  };
}

function generalization(c: Comparison): Claim {
  const head: Head = {
    id: 'generalization', title: 'better zero-shot on unseen tasks', better: 'higher',
    measure: 'held-out tasks: macro mean of each task\'s primary metric', rule: 'the interval lies above 0',
  };
  const h = c.heldOut;
  if (!h) return notMeasured(head, `no task is held out: every task's family is among ${c.candidate.name}'s trained families`);
  const parts = c.tasks.filter((t) => t.primary && t.heldOut).map((t) => ({
    task: t.task, metric: t.metric, baseline: t.baseline.value, candidate: t.candidate.value, delta: t.delta, ci: t.ci, n: t.candidate.n,
  }));
  return {
    ...head, baseline: h.baseline.value, candidate: h.candidate.value, effect: h.delta, ci: h.ci, pValue: h.pValue,
    verdict: verdictOf(h.ci, 'higher'), parts,
  };
}

function promptSensitivity(base: RunResult, cand: RunResult, opts: ClaimOptions): Claim {
  const head: Head = {
    id: 'prompt_sensitivity', title: 'less sensitive to prompt wording', better: 'lower',
    measure: 'per item, the spread of its primary score across templates (0/1 metrics: whether the templates disagree); macro mean over tasks',
    rule: 'the interval lies below 0',
  };
  const pieces = pairs(base, cand).flatMap(([b, t]) => { const p = spreadPiece(b, t, t.primary); return p ? [p] : []; });
  const claim = fromPieces(head, pieces, opts, 'every task has a single template: give tasks two or more templates');
  if (claim.verdict !== 'not measured') claim.note = 'a model that fails an item under every template has no spread on it: a large gain can look like more sensitivity';
  return claim;
}

function formatAdherence(base: RunResult, cand: RunResult, opts: ClaimOptions): Claim {
  const head: Head = {
    id: 'format_adherence', title: 'follows the requested output format', better: 'higher',
    measure: 'share of answers meeting the task\'s declared output constraints (constraint_strict), and format_rate on choice tasks; macro over tasks',
    rule: 'the interval lies above 0',
  };
  const pieces = pairs(base, cand).flatMap(([b, t]) => {
    const metric = t.stats['constraint_strict'] ? 'constraint_strict' : t.stats['format_rate'] ? 'format_rate' : null;
    const p = metric ? metricPiece(b, t, metric) : null;
    return p ? [p] : [];
  });
  return fromPieces(head, pieces, opts, 'no task declares output constraints (answer.constraints) and no choice task was generated');
}

function knowledgeRetained(base: RunResult, cand: RunResult, opts: ClaimOptions): Claim {
  const margin = opts.knowledgeMargin ?? DEFAULT_KNOWLEDGE_MARGIN;
  const head: Head = {
    id: 'knowledge_retained', title: 'keeps what the base model knew', better: 'higher',
    measure: 'rank-classification acc on choice tasks (no output format needed); macro over tasks',
    rule: `the interval's lower bound lies above −${(margin * 100).toFixed(1)} pts (non-inferiority with a ${(margin * 100).toFixed(1)}-point margin)`,
  };
  const pieces = pairs(base, cand).flatMap(([b, t]) => { const p = metricPiece(b, t, 'acc'); return p ? [p] : []; });
  const claim = fromPieces(head, pieces, opts, 'no choice task was scored by log-likelihood (acc): add a choice task, or a backend that can score', -margin);
  return { ...claim, margin };
}

function breadth(c: Comparison): Claim {
  const head: Head = {
    id: 'breadth', title: 'one model for many task types', better: 'higher',
    measure: 'categories with a significant gain (primary metric) / categories run', rule: 'every category run gains significantly',
  };
  const cats = c.categories.filter((a) => a.scope === 'all');
  if (cats.length < 2) return notMeasured(head, `only ${cats.length} task categor${cats.length === 1 ? 'y' : 'ies'} ran: breadth needs two or more`);
  const ahead = cats.filter((a) => a.ci[0] > 0).length;
  const behind = cats.filter((a) => a.ci[1] < 0).length;
  const verdict: ClaimVerdict = ahead === cats.length ? 'delivered' : behind > 0 ? 'not delivered' : "can't tell";
  return {
    ...head, baseline: null, candidate: null, effect: ahead / cats.length, ci: [ahead / cats.length, (cats.length - behind) / cats.length],
    pValue: null, verdict,
    note: `${ahead} of ${cats.length} categories significantly ahead, ${behind} significantly behind; the interval runs from the share significantly ahead to the share not significantly behind`,
    parts: cats.map((a) => ({ category: a.category, metric: 'primary', baseline: a.baseline.value, candidate: a.candidate.value, delta: a.delta, ci: a.ci, n: a.candidate.n })),
  };
}

/** The six claims, in the order the reports show them. */
export function computeClaims(base: RunResult, cand: RunResult, c: Comparison, opts: ClaimOptions): Claim[] {
  return [
    generalization(c),
    promptSensitivity(base, cand, opts),
    stabilityClaim(base, cand, opts),
    formatAdherence(base, cand, opts),
    breadth(c),
    knowledgeRetained(base, cand, opts),
  ];
}
