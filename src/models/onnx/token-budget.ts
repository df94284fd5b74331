/**
 * How much one forward may hold. Memory of a decoder forward follows the tokens it takes (rows ×
 * padded positions: activations, attention, cache) and the logits it returns (rows × positions
 * with logits × vocabulary). A model exported without `num_logits_to_keep` returns logits for
 * every position, so with a real vocabulary (150k–260k) the logits are what runs out of memory.
 *
 * One number bounds both: `maxTokens` (`generation.max_batch_tokens`). A position counts one
 * token, and a position whose logits come back counts `vocab / LOGIT_FLOATS_PER_TOKEN` more, so
 * a forward's logits never exceed `maxTokens × LOGIT_FLOATS_PER_TOKEN` floats (8 MiB at the
 * default, whatever the vocabulary; one position is always allowed, however large).
 */
import { packRuns, runsOf } from '../pack.js';

export { packInOrder, packRuns } from '../pack.js';

export const DEFAULT_MAX_BATCH_TOKENS = 4096;
export const LOGIT_FLOATS_PER_TOKEN = 512;

export interface TokenBudget {
  maxTokens: number;
  vocab: number;
  /** The model returns logits for every position (no `num_logits_to_keep` input). */
  fullLogits: boolean;
}

/** Positions per row that come back with logits when `keepLast` are asked for (0 = all). */
export function logitPositions(b: TokenBudget, width: number, keepLast: number): number {
  return b.fullLogits || keepLast === 0 ? width : Math.min(keepLast, width);
}

/** Cost of a forward over `rows` × `width` new tokens. */
export function forwardCost(b: TokenBudget, rows: number, width: number, keepLast: number): number {
  return rows * width + (rows * logitPositions(b, width, keepLast) * b.vocab) / LOGIT_FLOATS_PER_TOKEN;
}

/** The most logits (floats) any forward may return under this budget. */
export function maxLogitFloats(b: TokenBudget): number {
  return Math.max(b.maxTokens * LOGIT_FLOATS_PER_TOKEN, b.vocab);
}

/** The longest run of positions one row may feed in a forward (at least 1). */
export function positionsPerForward(b: TokenBudget, keepLast: number): number {
  let lo = 1;
  let hi = Math.max(1, b.maxTokens);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (forwardCost(b, 1, mid, keepLast) <= b.maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Run `fn` over groups of `items` packed within the budget, longest first (similar lengths waste
 * the least padding); results come back in the items' own order. With `together`, items of one
 * key stay next to each other (so prompts that share a prefix land in one group), key runs
 * ordered by their longest item and longest first within a run.
 */
export async function inPackedGroups<T, R>(
  items: T[], length: (item: T) => number, cost: (group: T[]) => number, limits: { max: number; maxRows: number },
  fn: (group: T[]) => Promise<R[]>, together?: (item: T) => string,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const groupCost = (g: number[]) => cost(g.map((i) => items[i]!));
  for (const group of packRuns(lengthRuns(items, length, together), groupCost, limits.max, limits.maxRows)) {
    const results = await fn(group.map((i) => items[i]!));
    group.forEach((i, k) => { out[i] = results[k]!; });
  }
  return out;
}

/** Indices of `items`, longest first, as runs: one per item, or with `together` one per key (see inPackedGroups). */
export function lengthRuns<T>(items: T[], length: (item: T) => number, together?: (item: T) => string): number[][] {
  const byLength = (a: number, b: number) => length(items[b]!) - length(items[a]!) || a - b;
  const order = items.map((_, i) => i).sort(byLength);
  return together ? runsOf(order, (i) => together(items[i]!)) : order.map((i) => [i]);
}
