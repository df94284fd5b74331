import { cacheTensor, CausalLM, type Past } from './causal-lm.js';
import { joinLeftPadded, logitsRow, takeRowParts } from './tensors.js';
import { forwardCost, packInOrder, positionsPerForward, type TokenBudget } from './token-budget.js';

/** Prompts read into one cache: what decoding and choice scoring start from. */
export interface Prefilled {
  /** Cache of every row, left-padded to `width` positions, rows in the order given. */
  past: Past;
  width: number;
  /** Attention mask over the cache, per row (zeros over the padding). */
  masks: number[][];
  /** Logits after each row's last token, `vocab` floats per row. */
  last: Float32Array;
  vocab: number;
}

/**
 * Read every row's tokens into the cache within the budget: rows (longest first) go in batches
 * whose forward fits, a row too long for one forward goes in position chunks, and the caches are
 * then joined left-padded into one batch. Only the last position's logits are kept per row.
 */
export async function prefill(lm: CausalLM, rows: number[][], budget: TokenBudget, padId: number): Promise<Prefilled> {
  const order = rows.map((_, i) => i).sort((a, b) => rows[b]!.length - rows[a]!.length || a - b);
  const batches = packInOrder(order, (g) => forwardCost(budget, g.length, rows[g[0]!]!.length, 1), budget.maxTokens);
  const width = Math.max(1, ...rows.map((r) => r.length));
  const pasts: Past[] = [];
  const lastRows: Float32Array[] = [];
  let vocab = budget.vocab;
  for (const batch of batches) {
    const ids = batch.map((i) => rows[i]!);
    const done = ids.length === 1 && forwardCost(budget, 1, ids[0]!.length, 1) > budget.maxTokens
      ? await chunked(lm, ids[0]!, budget)
      : await together(lm, ids, padId);
    pasts.push(done.past);
    lastRows.push(...done.last);
    vocab = done.vocab;
  }
  let past = joinPasts(pasts, width);
  const inOrder = order.every((r, i) => r === i);
  if (!inOrder) past = reorderPast(past, order);
  const last = new Float32Array(rows.length * vocab);
  order.forEach((r, k) => last.set(lastRows[k]!, r * vocab));
  const masks = rows.map((r) => [...Array(width - r.length).fill(0), ...r.map(() => 1)]);
  return { past, width, masks, last, vocab };
}

interface Piece { past: Past; last: Float32Array[]; vocab: number }

/** Rows in one left-padded forward. */
async function together(lm: CausalLM, rows: number[][], padId: number): Promise<Piece> {
  const width = Math.max(...rows.map((r) => r.length));
  const out = await lm.forward({
    ids: rows.map((r) => [...Array(width - r.length).fill(padId), ...r]),
    mask: rows.map((r) => [...Array(width - r.length).fill(0), ...r.map(() => 1)]),
    positions: rows.map((r) => [...Array(width - r.length).fill(0), ...r.map((_, i) => i)]),
    past: null,
    keepLast: 1,
  });
  const last = rows.map((_, b) => logitsRow(out.logits, b, out.positions - 1, out.positions, out.vocab));
  return { past: out.past, last, vocab: out.vocab };
}

/** One long row in position chunks, each continuing the cache of the ones before. */
async function chunked(lm: CausalLM, row: number[], budget: TokenBudget): Promise<Piece> {
  const step = positionsPerForward(budget, 1);
  let past: Past | null = null;
  let last: Float32Array = new Float32Array(0);
  let vocab = budget.vocab;
  for (let start = 0; start < row.length; start += step) {
    const ids = row.slice(start, start + step);
    const out = await lm.forward({
      ids: [ids],
      mask: [Array(start + ids.length).fill(1)],
      positions: [ids.map((_, i) => start + i)],
      past,
      keepLast: 1,
    });
    past = out.past;
    last = logitsRow(out.logits, 0, out.positions - 1, out.positions, out.vocab);
    vocab = out.vocab;
  }
  return { past: past!, last: [last], vocab };
}

function joinPasts(pasts: Past[], width: number): Past {
  if (pasts.length === 1 && Object.values(pasts[0]!).every((t) => t.dims[2] === width)) return pasts[0]!;
  const joined: Past = {};
  for (const name of Object.keys(pasts[0]!)) {
    joined[name] = cacheTensor(joinLeftPadded(pasts.map((p) => p[name]!), width));
  }
  return joined;
}

/** The joined cache holds rows longest first; put row `order[k]` back at position `order[k]`. */
function reorderPast(past: Past, order: number[]): Past {
  const at = new Array<number>(order.length);
  order.forEach((r, k) => { at[r] = k; });
  const out: Past = {};
  for (const [name, t] of Object.entries(past)) {
    out[name] = cacheTensor(takeRowParts(t, at));
  }
  return out;
}
