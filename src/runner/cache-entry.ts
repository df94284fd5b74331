import type { GenerateResult, LoglikelihoodResult } from '../models/types.js';

/** g: generation, l: log-likelihoods, r: the prompt as the model rendered it. */
export type CachedAnswer = { g?: GenerateResult; l?: LoglikelihoodResult; r?: string };

const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && !Number.isNaN(x));
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isGeneration(v: unknown): v is GenerateResult {
  const g = v as Partial<GenerateResult> | null;
  return typeof g === 'object' && g !== null && strings(g.texts) && strings(g.finish) && g.finish.length === g.texts.length
    && typeof g.promptTokens === 'number' && typeof g.truncatedTokens === 'number';
}

function isScores(v: unknown): v is LoglikelihoodResult {
  const l = v as Partial<LoglikelihoodResult> | null;
  return typeof l === 'object' && l !== null && numbers(l.logprobs) && numbers(l.tokens) && Array.isArray(l.greedy)
    && l.tokens.length === l.logprobs.length && l.greedy.length === l.logprobs.length && typeof l.truncatedTokens === 'number';
}

/**
 * The well-formed parts of a cache entry read from disk; anything else (a torn or hand-edited
 * line, an older writer, a bit flip that breaks the shape) is dropped, so it is asked again.
 */
export function cachedAnswer(v: unknown): CachedAnswer {
  const e = v as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null) return {};
  const out: CachedAnswer = {};
  if (isGeneration(e['g'])) out.g = e['g'];
  if (isScores(e['l'])) out.l = e['l'];
  if (typeof e['r'] === 'string') out.r = e['r'];
  return out;
}

/** A cached generation answers a request only with one text per sample asked. */
export function fitsGeneration(g: GenerateResult | undefined, samples: number): GenerateResult | undefined {
  return g && g.texts.length === samples ? g : undefined;
}

/** Cached scores answer a request only with one score per continuation asked. */
export function fitsScores(l: LoglikelihoodResult | undefined, continuations: number): LoglikelihoodResult | undefined {
  return l && l.logprobs.length === continuations ? l : undefined;
}
