/** Seeded synthetic runs for the claims simulations: items answered under templates, or K times. */
import type { RunResult, TaskResult } from '../../src/runner/result-types.js';
import { answerAgreement, scoreVariance } from '../../src/runner/stability.js';
import type { Rng } from '../../src/stats/index.js';

export const TEMPLATES = ['t1', 't2', 't3'];

/** Per item: one 0/1 answer per template, each right with the item's probability. */
export function binaryTemplates(rng: Rng, probabilities: number[]): number[][][] {
  return TEMPLATES.map(() => probabilities.map((p) => [rng.next() < p ? 1 : 0]));
}

/** Per item: a score in [0, 1] per template: the item's difficulty plus uniform template noise of half-width a. */
export function continuousTemplates(rng: Rng, difficulties: number[], a: number): number[][][] {
  return TEMPLATES.map(() => difficulties.map((d) => [d + a * (2 * rng.next() - 1)]));
}

/** Exact expected spread (max − min) over the three templates: 0/1 answers with probability p. */
export const binarySpread = (p: number): number => 1 - p ** 3 - (1 - p) ** 3;
/** Expected range of three uniform(−a, a) draws: 2a · (3 − 1)/(3 + 1). */
export const continuousSpread = (a: number): number => a;

/** A TaskResult holding only what the claims read: items, one metric's per-template stats, and stability. */
export function task(id: string, metric: string, perTemplate: number[][][] | null, stability?: TaskResult['stability']): TaskResult {
  const n = perTemplate?.[0]?.length ?? stability?.items.length ?? 0;
  const items = Array.from({ length: n }, (_, i) => `${id}-${i}`);
  const stats = perTemplate ? { [metric]: Object.fromEntries(TEMPLATES.map((t, k) => [t, perTemplate[k]!])) } : {};
  return {
    id, category: 'qa', family: id, heldOut: true, primary: metric, metrics: {}, templates: {}, spread: {},
    truncated: 0, items, stats, ...(stability ? { stability } : {}),
  };
}

export function run(name: string, tasks: TaskResult[]): RunResult {
  return {
    version: 1, benchmark: 'sim', seed: 1, settings: {}, tasks,
    model: { name, source: name, backend: 'sim', fingerprint: name, format: 'plain', shots: 0, trainedFamilies: [] },
  };
}

/** K answers drawn from a categorical law over answer texts; each answer scores 1 when it is the first text. */
export function stabilityOf(rng: Rng, id: string, laws: number[][], k: number): NonNullable<TaskResult['stability']> {
  const agreement: number[] = [];
  const variance: number[] = [];
  for (const law of laws) {
    const answers = Array.from({ length: k }, () => draw(rng, law));
    // Case and spacing vary between samples of the same answer: agreement must look through them.
    agreement.push(answerAgreement(answers.map((a) => `${rng.next() < 0.5 ? ' Answer' : 'answer'}${rng.next() < 0.5 ? ' ' : '  '}${a}`)));
    variance.push(scoreVariance(answers.map((a) => (a === 0 ? 1 : 0))));
  }
  return { samples: k, temperature: 0.7, template: 't1', metric: 'exact_match', items: laws.map((_, i) => `${id}-${i}`), agreement, variance };
}

function draw(rng: Rng, law: number[]): number {
  let u = rng.next();
  for (let i = 0; i < law.length; i++) {
    u -= law[i]!;
    if (u < 0) return i;
  }
  return law.length - 1;
}

/** Exact expected agreement of K draws from a categorical law: E[max count] / K, by enumerating the counts. */
export function expectedAgreement(law: number[], k: number): number {
  let total = 0;
  const walk = (i: number, left: number, counts: number[], logp: number, coef: number): void => {
    if (i === law.length - 1) {
      const all = [...counts, left];
      const p = coef * Math.exp(logp + (left ? left * Math.log(law[i]!) : 0)) / factorial(left);
      total += p * Math.max(...all);
      return;
    }
    for (let c = 0; c <= left; c++) walk(i + 1, left - c, [...counts, c], logp + (c ? c * Math.log(law[i]!) : 0), coef / factorial(c));
  };
  walk(0, k, [], 0, factorial(k));
  return total / k;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}
