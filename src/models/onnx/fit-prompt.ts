import { promptWithShots, type FewShot } from '../fewshot.js';
import type { RequestPrompt } from '../types.js';

/**
 * The prompt with as many exemplars as fit: whole exemplars go first (farthest from the item
 * first), never the item; only a prompt still too long without any is cut by tokens later.
 */
export function choosePrompt(prompt: RequestPrompt, fewshot: FewShot | undefined, fits: (p: RequestPrompt) => boolean): { prompt: RequestPrompt; dropped: number } {
  if (!fewshot || fewshot.shots.length === 0 || fits(prompt)) return { prompt, dropped: 0 };
  for (let keep = fewshot.shots.length - 1; keep >= 0; keep--) {
    const candidate = promptWithShots(fewshot, keep);
    if (keep === 0 || fits(candidate)) return { prompt: candidate, dropped: fewshot.shots.length - keep };
  }
  return { prompt, dropped: 0 };
}

/** Keep the prompt's end: drop tokens from the left so prompt + budget fit the context window. */
export function fitTokens(ids: number[], budget: number, max: number | undefined): { ids: number[]; truncated: number } {
  if (!max || ids.length + budget <= max) return { ids, truncated: 0 };
  const keep = Math.max(1, max - budget);
  return { ids: ids.slice(ids.length - keep), truncated: ids.length - keep };
}
