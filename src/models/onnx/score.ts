import { argmaxAt, CausalLM, logSoftmaxAt, selectPastRows } from './causal-lm.js';
import type { LoglikelihoodResult } from '../types.js';

export interface ScoreGroup {
  /** Context tokens (already truncated to fit). */
  context: number[];
  /** Continuation tokens, one list per choice. */
  continuations: number[][];
  truncatedTokens: number;
}

/**
 * Score every continuation of several groups with two forwards in all: one over the groups'
 * contexts (left-padded into one batch), whose last logits score each first token, and one
 * over every longer continuation, each row reading its own context's cache (positions
 * continue after that context; the mask spans its past, padding zeros included, and the new
 * tokens). No context is encoded twice.
 */
export async function scoreGroups(lm: CausalLM, groups: ScoreGroup[], padId: number): Promise<LoglikelihoodResult[]> {
  const width = Math.max(...groups.map((g) => g.context.length));
  const ctxMask = groups.map((g) => [...Array(width - g.context.length).fill(0), ...g.context.map(() => 1)]);
  const ctx = await lm.forward({
    ids: groups.map((g) => [...Array(width - g.context.length).fill(padId), ...g.context]),
    mask: ctxMask,
    positions: groups.map((g) => [...Array(width - g.context.length).fill(0), ...g.context.map((_, i) => i)]),
    past: null,
    keepLast: 1,
  });
  const results = groups.map((g, b) => firstTokens(g, ctx.logits, (b * ctx.positions + ctx.positions - 1) * ctx.vocab, ctx.vocab));
  const rows = groups.flatMap((g, b) => g.continuations.map((c, j) => ({ b, j, c })).filter((r) => r.c.length > 1));
  if (rows.length === 0) return results;
  const span = Math.max(...rows.map((r) => r.c.length - 1));
  const out = await lm.forward({
    ids: rows.map((r) => [...r.c.slice(0, -1), ...Array(span - r.c.length + 1).fill(padId)]),
    mask: rows.map((r) => [...ctxMask[r.b]!, ...r.c.slice(0, -1).map(() => 1), ...Array(span - r.c.length + 1).fill(0)]),
    positions: rows.map((r) => Array.from({ length: span }, (_, p) => groups[r.b]!.context.length + p)),
    past: selectPastRows(ctx.past, rows.map((r) => r.b)),
    keepLast: 0,
  });
  rows.forEach(({ b, j, c }, row) => {
    const result = results[b]!;
    for (let p = 0; p < c.length - 1; p++) {
      const offset = (row * out.positions + p) * out.vocab;
      result.logprobs[j] = result.logprobs[j]! + logSoftmaxAt(out.logits, offset, out.vocab, c[p + 1]!);
      if (argmaxAt(out.logits, offset, out.vocab) !== c[p + 1]) result.greedy[j] = false;
    }
  });
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
