import { CausalLM, selectPastRows, type Past } from './causal-lm.js';
import type { TokenPicker } from './sampling.js';

export interface LoopRow {
  ids: number[];
  pick: TokenPicker;
}

export interface LoopOptions {
  maxNewTokens: number;
  stop: string[];
  eosIds: Set<number>;
  padId: number;
  decode: (ids: number[]) => string;
}

export interface LoopResult {
  text: string;
  finish: 'eos' | 'stop' | 'length';
}

interface Active {
  row: number;
  tokens: number[];
  mask: number[];
  position: number;
}

/**
 * Batched decoding with the KV cache. Each row stops at its own EOS or stop string, and
 * finished rows leave the batch, so one long answer does not make the others pay.
 */
export async function generateLoop(lm: CausalLM, rows: LoopRow[], opts: LoopOptions): Promise<LoopResult[]> {
  const results: LoopResult[] = rows.map(() => ({ text: '', finish: 'length' }));
  const pieces = new Map<number, string>();
  const width = Math.max(...rows.map((r) => r.ids.length));
  let active: Active[] = rows.map((r, row) => ({
    row,
    tokens: [],
    mask: [...Array(width - r.ids.length).fill(0), ...r.ids.map(() => 1)],
    position: r.ids.length - 1,
  }));
  let out = await lm.forward({
    ids: rows.map((r) => [...Array(width - r.ids.length).fill(opts.padId), ...r.ids]),
    mask: active.map((a) => a.mask),
    positions: active.map((a) => a.mask.map((m, i) => (m ? i - (width - rows[a.row]!.ids.length) : 0))),
    past: null,
    keepLast: 1,
  });
  let past: Past = out.past;
  for (let step = 0; step < opts.maxNewTokens && active.length > 0; step++) {
    const keep: number[] = [];
    const next: number[] = [];
    active.forEach((a, i) => {
      const offset = (i * out.positions + out.positions - 1) * out.vocab;
      const token = rows[a.row]!.pick(out.logits, offset, out.vocab);
      const done = finishRow(a, token, opts, results[a.row]!, pieces);
      if (!done && step + 1 < opts.maxNewTokens) { keep.push(i); next.push(token); }
      else if (!done) results[a.row] = { text: opts.decode(a.tokens), finish: 'length' };
    });
    if (keep.length === 0) break;
    if (keep.length < active.length) past = selectPastRows(past, keep);
    active = keep.map((i) => active[i]!);
    for (const a of active) { a.mask.push(1); a.position += 1; }
    out = await lm.forward({
      ids: next.map((t) => [t]),
      mask: active.map((a) => a.mask),
      positions: active.map((a) => [a.position]),
      past,
      keepLast: 1,
    });
    past = out.past;
  }
  return results;
}

/** Append a token; true (and the result filled in) when the row is finished. */
function finishRow(a: Active, token: number, opts: LoopOptions, result: LoopResult, pieces: Map<number, string>): boolean {
  if (opts.eosIds.has(token)) {
    Object.assign(result, { text: opts.decode(a.tokens), finish: 'eos' });
    return true;
  }
  a.tokens.push(token);
  if (opts.stop.length === 0 || !mayEndStop(token, opts, pieces)) return false;
  const text = opts.decode(a.tokens);
  const cut = firstStop(text, opts.stop);
  if (cut < 0) return false;
  Object.assign(result, { text: text.slice(0, cut), finish: 'stop' });
  return true;
}

/**
 * Earlier tokens were checked already, so a stop string can only end inside the text this token
 * adds: decode everything (O(length)) only when that text holds a stop's last character, or is
 * part of a multi-byte character (U+FFFD alone), whose text depends on its neighbours.
 */
function mayEndStop(token: number, opts: LoopOptions, pieces: Map<number, string>): boolean {
  let piece = pieces.get(token);
  if (piece === undefined) pieces.set(token, (piece = opts.decode([token])));
  return piece.includes('\uFFFD') || opts.stop.some((s) => s.length > 0 && piece.includes(s.at(-1)!));
}

export function firstStop(text: string, stops: string[]): number {
  let cut = -1;
  for (const s of stops) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut;
}
