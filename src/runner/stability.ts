/** Output stability of one item: how alike its K sampled answers are. Pure functions of the answers and their scores. */
import type { SampleRecord } from './record.js';
import type { TaskStability } from './stability-types.js';

/** Answers compare after trimming, lowercasing and collapsing runs of whitespace. */
export function normalizeAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/gu, ' ');
}

/** The share of the answers equal (normalized) to the most common one: 1 when all K agree, 1/K when all differ. */
export function answerAgreement(answers: readonly string[]): number {
  if (answers.length === 0) return Number.NaN;
  const counts = new Map<string, number>();
  let top = 0;
  for (const a of answers) {
    const key = normalizeAnswer(a);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > top) top = n;
  }
  return top / answers.length;
}

/** Population variance of the K answers' scores (0 when they all score the same). */
export function scoreVariance(scores: readonly number[]): number {
  if (scores.length === 0) return Number.NaN;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
}

/** A task's stability from its `@stability` records, in item order (undefined when it has none). */
export function taskStability(items: readonly string[], records: readonly SampleRecord[]): TaskStability | undefined {
  const byItem = new Map(records.filter((r) => r.stability).map((r) => [r.item, r]));
  const kept = items.filter((id) => byItem.has(id));
  const first = kept.length ? byItem.get(kept[0]!)!.stability! : undefined;
  if (!first) return undefined;
  return {
    samples: first.samples, temperature: first.temperature, template: first.template, metric: first.metric,
    items: kept,
    agreement: kept.map((id) => byItem.get(id)!.scores['agreement'] ?? Number.NaN),
    variance: kept.map((id) => byItem.get(id)!.scores['variance'] ?? null),
  };
}
