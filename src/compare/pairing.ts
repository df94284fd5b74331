import type { RunResult, TaskResult } from '../runner/result-types.js';
import type { Pairing, TaskPairing } from './types.js';

/**
 * What a comparison paired, per task, and every reason it covers less than both runs hold: items or
 * templates only one side answered, tasks only one side has, a side that is part of a shard split,
 * or a side whose run left planned requests unanswered. Any reason makes the comparison partial.
 */
export function describePairing(baseline: RunResult, candidate: RunResult): Pairing {
  const reasons: string[] = [];
  const b = baseline.model.name;
  const c = candidate.model.name;
  const tasks: TaskPairing[] = [];
  for (const cand of candidate.tasks) {
    const base = baseline.tasks.find((t) => t.id === cand.id);
    if (!base) { reasons.push(`${cand.id}: only ${c} has it`); continue; }
    const p = taskPairing(base, cand);
    tasks.push(p);
    if (p.paired < Math.max(p.baseline, p.candidate)) reasons.push(`${p.task}: ${p.paired} item${p.paired === 1 ? '' : 's'} paired (${b} has ${p.baseline}, ${c} ${p.candidate})`);
    const tb = templatesOf(base).length;
    const tc = templatesOf(cand).length;
    if (p.templates < Math.max(tb, tc)) reasons.push(`${p.task}: ${p.templates} templates paired (${b} has ${tb}, ${c} ${tc})`);
  }
  for (const base of baseline.tasks) if (!candidate.tasks.some((t) => t.id === base.id)) reasons.push(`${base.id}: only ${b} has it`);
  for (const [name, r] of [[b, baseline], [c, candidate]] as const) {
    for (const t of r.tasks) {
      if (t.requests && t.requests.answered < t.requests.planned) reasons.push(`${name} ${t.id}: ${t.requests.answered} of ${t.requests.planned} planned requests answered`);
    }
  }
  const shards: Pairing['shards'] = {};
  if (baseline.shards) { shards.baseline = baseline.shards; reasons.push(shardReason(b, baseline.shards)); }
  if (candidate.shards) { shards.candidate = candidate.shards; reasons.push(shardReason(c, candidate.shards)); }
  const out: Pairing = { partial: reasons.length > 0, reasons, tasks };
  if (shards.baseline || shards.candidate) out.shards = shards;
  if (baseline.benchmark !== candidate.benchmark) out.benchmarks = { baseline: baseline.benchmark, candidate: candidate.benchmark };
  return out;
}

function taskPairing(base: TaskResult, cand: TaskResult): TaskPairing {
  const candItems = new Set(cand.items);
  const templates = templatesOf(base).filter((t) => templatesOf(cand).includes(t));
  return {
    task: cand.id, paired: base.items.filter((id) => candItems.has(id)).length,
    baseline: base.items.length, candidate: cand.items.length, templates: templates.length,
  };
}

function templatesOf(t: TaskResult): string[] {
  return Object.keys(t.templates);
}

function shardReason(model: string, s: { of: number; included: number[] }): string {
  return `${model} holds shard${s.included.length === 1 ? '' : 's'} ${s.included.join(', ')} of ${s.of}`;
}
