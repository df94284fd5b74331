import { cacheTensor, CausalLM, selectPastRows, type Past } from './causal-lm.js';
import { joinLeftPadded, logitsRow, takeRowParts } from './tensors.js';
import { forwardCost, packInOrder, positionsPerForward, type TokenBudget } from './token-budget.js';

/** Prompts read into one cache: what decoding and choice scoring start from. */
export interface Prefilled {
  /** Cache of every row, left-padded to `width` positions, rows in the order given (empty with `cache: false`). */
  past: Past;
  width: number;
  /** Attention mask over the cache, per row (zeros over the padding). */
  masks: number[][];
  /** Logits after each row's last token, `vocab` floats per row. */
  last: Float32Array;
  vocab: number;
}

export interface PrefillOptions {
  /**
   * Read a prefix that several rows share (k-shot exemplars, a long instruction) once and start
   * each of them from its cache (default on; benchmarks/speed measures it against off).
   */
  sharePrefixes?: boolean;
  /**
   * `false`: only the last logits are wanted (every choice is one token long), so the rows' own
   * forwards fetch no cache: onnxruntime copies no `present.*` out and no cache is joined.
   */
  cache?: boolean;
}

/** The shortest shared prefix worth its own forward, in tokens. */
export const MIN_SHARED_PREFIX = 16;

/**
 * Read every row's tokens into the cache within the budget. Rows that share a prefix of at least
 * MIN_SHARED_PREFIX tokens read it once, then their own tails on top of its cache (the tails
 * left-padded between the prefix and themselves: the mask has zeros there and positions continue
 * after the prefix, so attention sees what a row read alone would). The other rows (longest first)
 * go in batches whose forward fits, a row too long for one forward in position chunks. The caches
 * are then joined left-padded into one batch. Only the last position's logits are kept per row.
 */
export async function prefill(lm: CausalLM, rows: number[][], budget: TokenBudget, padId: number, opts: PrefillOptions = {}): Promise<Prefilled> {
  // a tail after its shared prefix sits behind padding slots, and a sliding window counts slots:
  // such a layer would lose sight of a row's first tokens sooner than reading it whole. Not shared.
  const shared = opts.sharePrefixes === false || lm.derivesPositions || lm.slidingWindow !== null ? [] : sharedPrefixes(rows);
  const grouped = new Set(shared.flatMap((g) => g.rows));
  const alone = rows.map((_, i) => i).filter((i) => !grouped.has(i)).sort((a, b) => rows[b]!.length - rows[a]!.length || a - b);
  const batches = packInOrder(alone, (g) => forwardCost(budget, g.length, rows[g[0]!]!.length, 1), budget.maxTokens);
  const keep = opts.cache !== false;
  const pieces: (Piece & { rows: number[] })[] = [];
  for (const batch of batches) pieces.push({ ...await readBatch(lm, batch.map((i) => rows[i]!), budget, padId, keep), rows: batch });
  for (const g of shared) pieces.push(...await fromPrefix(lm, rows, g, budget, padId, keep));
  const order = pieces.flatMap((p) => p.rows);
  const width = Math.max(1, ...pieces.map((p) => p.masks[0]!.length));
  let past: Past = {};
  if (keep) {
    past = joinPasts(pieces.map((p) => p.past), width);
    if (!order.every((r, i) => r === i)) past = reorderPast(past, order);
  }
  const vocab = pieces[0]?.vocab ?? budget.vocab;
  const last = new Float32Array(rows.length * vocab);
  const masks = new Array<number[]>(rows.length);
  for (const p of pieces) {
    p.rows.forEach((r, i) => {
      last.set(p.last[i]!, r * vocab);
      masks[r] = [...Array(width - p.masks[i]!.length).fill(0), ...p.masks[i]!];
    });
  }
  return { past, width, masks, last, vocab };
}

/** Rows (indices) that start with the same `length` tokens. */
interface SharedPrefix { rows: number[]; length: number }

/**
 * Groups of at least two rows sharing a prefix of MIN_SHARED_PREFIX tokens or more: rows in
 * token order, each group grown while the common prefix stays long enough. Every row keeps at
 * least one token of its own (its last logits come from it).
 */
export function sharedPrefixes(rows: number[][]): SharedPrefix[] {
  const order = rows.map((_, i) => i).filter((i) => rows[i]!.length > MIN_SHARED_PREFIX).sort((a, b) => compareTokens(rows[a]!, rows[b]!) || a - b);
  const groups: SharedPrefix[] = [];
  let current: SharedPrefix | null = null;
  for (const i of order) {
    const row = rows[i]!;
    if (current) {
      const length = Math.min(current.length, commonPrefix(rows[current.rows[0]!]!, row), row.length - 1);
      if (length >= MIN_SHARED_PREFIX) {
        current.rows.push(i);
        current.length = length;
        continue;
      }
      if (current.rows.length > 1) groups.push(current);
    }
    current = { rows: [i], length: row.length - 1 };
  }
  if (current && current.rows.length > 1) groups.push(current);
  return groups;
}

function compareTokens(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function commonPrefix(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** A group's prefix read once (chunked when long), then its rows' tails in batches on top of it. */
async function fromPrefix(lm: CausalLM, rows: number[][], g: SharedPrefix, budget: TokenBudget, padId: number, keep: boolean): Promise<(Piece & { rows: number[] })[]> {
  const prefix = rows[g.rows[0]!]!.slice(0, g.length);
  const head = await readBatch(lm, [prefix], budget, padId, true);
  const tails = [...g.rows].sort((a, b) => rows[b]!.length - rows[a]!.length || a - b);
  // a tail batch reads rows × tail positions and attends over rows × the prefix's cache
  const cost = (batch: number[]) => forwardCost(budget, batch.length, rows[batch[0]!]!.length - g.length, 1) + batch.length * g.length;
  const out: (Piece & { rows: number[] })[] = [];
  for (const batch of packInOrder(tails, cost, budget.maxTokens)) {
    const own = batch.map((i) => rows[i]!.slice(g.length));
    if (batch.length === 1 && cost(batch) > budget.maxTokens) {
      // one tail too long for a forward: in position chunks on top of the prefix's cache
      out.push({ ...await chunked(lm, own[0]!, budget, keep, { past: head.past, length: g.length }), rows: batch });
      continue;
    }
    const span = Math.max(...own.map((t) => t.length));
    const mask = own.map((t) => [...Array(g.length).fill(1), ...Array(span - t.length).fill(0), ...t.map(() => 1)]);
    const res = await lm.forward({
      ids: own.map((t) => [...Array(span - t.length).fill(padId), ...t]),
      mask,
      positions: own.map((t) => [...Array(span - t.length).fill(g.length), ...t.map((_, i) => g.length + i)]),
      past: selectPastRows(head.past, batch.map(() => 0)),
      keepLast: 1,
      logitsOnly: !keep,
    });
    const last = batch.map((_, b) => logitsRow(res.logits, b, res.positions - 1, res.positions, res.vocab));
    out.push({ past: res.past, last, vocab: res.vocab, masks: mask, rows: batch });
  }
  return out;
}

interface Piece { past: Past; last: Float32Array[]; vocab: number; masks: number[][] }

/** Rows in one left-padded forward. */
async function together(lm: CausalLM, rows: number[][], padId: number, keep: boolean): Promise<Piece> {
  const width = Math.max(...rows.map((r) => r.length));
  const out = await lm.forward({
    ids: rows.map((r) => [...Array(width - r.length).fill(padId), ...r]),
    mask: rows.map((r) => [...Array(width - r.length).fill(0), ...r.map(() => 1)]),
    positions: rows.map((r) => [...Array(width - r.length).fill(0), ...r.map((_, i) => i)]),
    past: null,
    keepLast: 1,
    logitsOnly: !keep,
  });
  const last = rows.map((_, b) => logitsRow(out.logits, b, out.positions - 1, out.positions, out.vocab));
  const masks = rows.map((r) => [...Array(width - r.length).fill(0), ...r.map(() => 1)]);
  return { past: out.past, last, vocab: out.vocab, masks };
}

/** Rows in one forward, or one row too long for a forward in position chunks. */
async function readBatch(lm: CausalLM, rows: number[][], budget: TokenBudget, padId: number, keep: boolean): Promise<Piece> {
  return rows.length === 1 && forwardCost(budget, 1, rows[0]!.length, 1) > budget.maxTokens ? chunked(lm, rows[0]!, budget, keep) : together(lm, rows, padId, keep);
}

/**
 * One long row in position chunks, each continuing the cache of the ones before (from `after`, a
 * prefix already read, when given). Without `keep` the last chunk fetches no cache.
 */
async function chunked(lm: CausalLM, row: number[], budget: TokenBudget, keep: boolean, after: { past: Past; length: number } | null = null): Promise<Piece> {
  const step = positionsPerForward(budget, 1);
  const offset = after?.length ?? 0;
  let past: Past | null = after?.past ?? null;
  let last: Float32Array = new Float32Array(0);
  let vocab = budget.vocab;
  for (let start = 0; start < row.length; start += step) {
    const ids = row.slice(start, start + step);
    const out = await lm.forward({
      ids: [ids],
      mask: [Array(offset + start + ids.length).fill(1)],
      positions: [ids.map((_, i) => offset + start + i)],
      past,
      keepLast: 1,
      logitsOnly: !keep && start + step >= row.length,
    });
    past = out.past;
    last = logitsRow(out.logits, 0, out.positions - 1, out.positions, out.vocab);
    vocab = out.vocab;
  }
  return { past: past ?? {}, last: [last], vocab, masks: [Array(offset + row.length).fill(1)] };
}

function joinPasts(pasts: Past[], width: number): Past {
  if (pasts.length === 1 && Object.values(pasts[0]!).every((t) => t.dims[2] === width)) return pasts[0]!;
  const joined: Past = {};
  for (const name of Object.keys(pasts[0]!)) {
    joined[name] = cacheTensor(joinLeftPadded(pasts.map((p) => p[name]!), width));
  }
  return joined;
}

/** The joined cache holds row `order[k]` at position k; put each row back at its own position. */
function reorderPast(past: Past, order: number[]): Past {
  const at = new Array<number>(order.length);
  order.forEach((r, k) => { at[r] = k; });
  const out: Past = {};
  for (const [name, t] of Object.entries(past)) {
    out[name] = cacheTensor(takeRowParts(t, at));
  }
  return out;
}
