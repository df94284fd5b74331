import { promptWithShots, type FewShot } from '../fewshot.js';
import type { RequestPrompt } from '../types.js';

/**
 * The prompt with as many exemplars as fit: whole exemplars go first (farthest from the item
 * first), never the item; only a prompt still too long without any is cut by tokens later.
 * Each candidate is measured (tokenized) once, and the chosen one's measurement comes back.
 */
export function choosePrompt<M>(
  prompt: RequestPrompt, fewshot: FewShot | undefined, measure: (p: RequestPrompt) => M, fits: (m: M) => boolean,
): { prompt: RequestPrompt; dropped: number; measured: M } {
  const whole = measure(prompt);
  if (!fewshot || fewshot.shots.length === 0 || fits(whole)) return { prompt, dropped: 0, measured: whole };
  for (let keep = fewshot.shots.length - 1; keep >= 0; keep--) {
    const candidate = promptWithShots(fewshot, keep);
    const measured = measure(candidate);
    if (keep === 0 || fits(measured)) return { prompt: candidate, dropped: fewshot.shots.length - keep, measured };
  }
  return { prompt, dropped: 0, measured: whole };
}

/** Keep the prompt's end: drop tokens from the left so prompt + budget fit the context window. */
export function fitTokens(ids: number[], budget: number, max: number | undefined): { ids: number[]; truncated: number } {
  if (!max || ids.length + budget <= max) return { ids, truncated: 0 };
  const keep = Math.max(1, max - budget);
  return { ids: ids.slice(ids.length - keep), truncated: ids.length - keep };
}
