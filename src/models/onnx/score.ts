import { argmaxAt, CausalLM, logSoftmaxAt, tilePast } from './causal-lm.js';
import type { LoglikelihoodResult } from '../types.js';

export interface ScoreGroup {
  /** Context tokens (already truncated to fit). */
  context: number[];
  /** Continuation tokens, one list per choice. */
  continuations: number[][];
  truncatedTokens: number;
}

/**
 * Score every continuation of a group from one encoding of the shared context: the context's
 * last logits score each first token, and one batched forward over the cached context scores
 * the rest (positions continue after the context; the mask spans past + new tokens).
 */
export async function scoreGroup(lm: CausalLM, group: ScoreGroup, padId: number): Promise<LoglikelihoodResult> {
  const { context, continuations } = group;
  const L = context.length;
  const ctx = await lm.forward({
    ids: [context],
    mask: [context.map(() => 1)],
    positions: [context.map((_, i) => i)],
    past: null,
    keepLast: 1,
  });
  const lastOffset = (ctx.positions - 1) * ctx.vocab;
  const contextArgmax = argmaxAt(ctx.logits, lastOffset, ctx.vocab);
  const logprobs = continuations.map((c) => (c.length ? logSoftmaxAt(ctx.logits, lastOffset, ctx.vocab, c[0]!) : 0));
  const greedy = continuations.map((c) => c.length === 0 || c[0] === contextArgmax);
  const longer = continuations.map((c, j) => (c.length > 1 ? j : -1)).filter((j) => j >= 0);
  if (longer.length > 0) {
    const width = Math.max(...longer.map((j) => continuations[j]!.length - 1));
    const rows = longer.map((j) => continuations[j]!.slice(0, -1));
    const out = await lm.forward({
      ids: rows.map((r) => [...r, ...Array(width - r.length).fill(padId)]),
      mask: rows.map((r) => [...context.map(() => 1), ...r.map(() => 1), ...Array(width - r.length).fill(0)]),
      positions: rows.map(() => Array.from({ length: width }, (_, p) => L + p)),
      past: tilePast(ctx.past, rows.length),
      keepLast: 0,
    });
    longer.forEach((j, row) => {
      const tokens = continuations[j]!;
      for (let p = 0; p < tokens.length - 1; p++) {
        const offset = (row * out.positions + p) * out.vocab;
        logprobs[j]! += logSoftmaxAt(out.logits, offset, out.vocab, tokens[p + 1]!);
        if (argmaxAt(out.logits, offset, out.vocab) !== tokens[p + 1]) greedy[j] = false;
      }
    });
  }
  return { logprobs, tokens: continuations.map((c) => c.length), greedy, truncatedTokens: group.truncatedTokens };
}
