/**
 * Stability requests: each generation item answered K more times on the task's first template,
 * sampled at temperature T with a seed of its own, and scored as a set (how alike the K answers
 * are, and how much their scores vary). Such a record's template reads `<template>@stability`,
 * so it never stands in for the item's ordinary answer.
 */
import type { StabilitySettings } from '../config/benchmark-schema.js';
import { getMetric } from '../metrics/registry.js';
import { opensThinking, stripThinking } from '../models/thinking.js';
import type { GenerateResult } from '../models/types.js';
import { unitKey, type Unit } from './plan.js';
import { postprocess } from './postprocess.js';
import type { SampleRecord } from './record.js';
import { effectiveMetrics, scoreUnit } from './score-unit.js';
import { answerAgreement, scoreVariance } from './stability.js';

export const STABILITY_SUFFIX = '@stability';

/** One stability unit per item of the first template's units (other templates are left out). */
export function planStability(units: Unit[], settings: StabilitySettings): Unit[] {
  const first = units[0]?.template.id;
  return units.filter((u) => u.template.id === first).map((u) => ({
    ...u, key: unitKey([u.key, 'stability', settings.samples, settings.temperature]), stability: settings,
  }));
}

/** The metric each of the K answers is scored with: the task's first generation metric (none for code tasks). */
export function stabilityMetric(unit: Unit): string | null {
  if (unit.task.code) return null;
  return effectiveMetrics(unit.task).find((m) => getMetric(m.name).needs === 'generation')?.name ?? null;
}

export async function scoreStabilityUnit(unit: Unit, model: string, rendered: string, gen: GenerateResult): Promise<SampleRecord> {
  const metric = stabilityMetric(unit);
  const single = (text: string, i: number): GenerateResult => ({ ...gen, texts: [text], finish: [gen.finish[i] ?? 'length'] });
  const scored = metric ? await Promise.all(gen.texts.map((text, i) => scoreUnit(unit, model, rendered, { generation: single(text, i) }))) : [];
  const answers = metric ? scored.map((r) => r.answer ?? '') : gen.texts.map((t) => postprocess(withoutThinking(unit, rendered, t), stepsOf(unit)));
  const values = metric ? scored.map((r) => r.scores[metric] ?? Number.NaN) : [];
  const variance = values.length && values.every(Number.isFinite) ? scoreVariance(values) : undefined;
  return {
    key: unit.key, model, task: unit.task.id, template: `${unit.template.id}${STABILITY_SUFFIX}`, item: unit.sample.id,
    prompt: rendered, references: unit.references, answer: answers[0] ?? '', answers, generations: gen.texts, finish: gen.finish,
    truncatedTokens: gen.truncatedTokens ?? 0,
    scores: { agreement: answerAgreement(answers), ...(variance !== undefined ? { variance } : {}) }, stats: {},
    stability: { ...unit.stability!, template: unit.template.id, metric, values },
  };
}

/** As scoreUnit does: a thinking section (strip_thinking) is not part of the answer. */
function withoutThinking(unit: Unit, rendered: string, text: string): string {
  const thinking = unit.thinking;
  return thinking ? stripThinking(text, thinking, opensThinking(rendered, thinking)) : text;
}

function stepsOf(unit: Unit) {
  const answer = unit.task.spec.answer;
  return answer.type === 'generate' ? answer.postprocess : (['trim', 'first_line'] as const);
}
