import { CausalLM, selectPastRows } from './causal-lm.js';
import type { LoglikelihoodResult } from '../types.js';
import { prefill, type PrefillOptions } from './prefill.js';
import { argmaxAt, logSoftmaxAt } from './tensors.js';
import { forwardCost, packInOrder, type TokenBudget } from './token-budget.js';

export interface ScoreGroup {
  /** Context tokens (already truncated to fit). */
  context: number[];
  /** Continuation tokens, one list per choice. */
  continuations: number[][];
  truncatedTokens: number;
}

interface ContinuationRow { b: number; j: number; c: number[] }

/**
 * Score every continuation of several groups: the groups' contexts are read once into one cache
 * (within the budget, see prefill), whose last logits score each first token; every longer
 * continuation then reads its own context's cache (positions continue after that context; the
 * mask spans its past, padding zeros included, and the new tokens), in as few forwards as the
 * budget allows. No context is encoded twice.
 */
export async function scoreGroups(lm: CausalLM, groups: ScoreGroup[], padId: number, budget: TokenBudget, opts: PrefillOptions = {}): Promise<LoglikelihoodResult[]> {
  const rows: ContinuationRow[] = groups.flatMap((g, b) => g.continuations.map((c, j) => ({ b, j, c })).filter((r) => r.c.length > 1));
  // choices of one token each are scored from the contexts' last logits alone: no cache to keep
  const ctx = await prefill(lm, groups.map((g) => g.context), budget, padId, { ...opts, cache: rows.length > 0 });
  const results = groups.map((g, b) => firstTokens(g, ctx.last, b * ctx.vocab, ctx.vocab));
  const cost = (chunk: ContinuationRow[]) => {
    const span = Math.max(...chunk.map((r) => r.c.length - 1));
    return forwardCost(budget, chunk.length, span, 0) + chunk.length * ctx.width;
  };
  for (const chunk of packInOrder(rows, cost, budget.maxTokens)) {
    const span = Math.max(...chunk.map((r) => r.c.length - 1));
    const out = await lm.forward({
      ids: chunk.map((r) => [...r.c.slice(0, -1), ...Array(span - r.c.length + 1).fill(padId)]),
      mask: chunk.map((r) => [...ctx.masks[r.b]!, ...r.c.slice(0, -1).map(() => 1), ...Array(span - r.c.length + 1).fill(0)]),
      // a padding slot repeats its row's last position: a context fitted to the model's length next to
      // a longer continuation must not ask for a position past the end (it is masked and never read)
      positions: chunk.map((r) => Array.from({ length: span }, (_, p) => groups[r.b]!.context.length + Math.min(p, r.c.length - 2))),
      past: selectPastRows(ctx.past, chunk.map((r) => r.b)),
      keepLast: 0,
      logitsOnly: true,
    });
    chunk.forEach(({ b, j, c }, row) => {
      const result = results[b]!;
      for (let p = 0; p < c.length - 1; p++) {
        const offset = (row * out.positions + p) * out.vocab;
        result.logprobs[j] = result.logprobs[j]! + logSoftmaxAt(out.logits, offset, out.vocab, c[p + 1]!);
        if (argmaxAt(out.logits, offset, out.vocab) !== c[p + 1]) result.greedy[j] = false;
      }
    });
  }
  return results;
}

function firstTokens(g: ScoreGroup, logits: Float32Array, offset: number, vocab: number): LoglikelihoodResult {
  const best = argmaxAt(logits, offset, vocab);
  return {
    logprobs: g.continuations.map((c) => (c.length ? logSoftmaxAt(logits, offset, vocab, c[0]!) : 0)),
    tokens: g.continuations.map((c) => c.length),
    greedy: g.continuations.map((c) => c.length === 0 || c[0] === best),
    truncatedTokens: g.truncatedTokens,
  };
}
