import { firstStop, type LoopResult } from './generate-loop.js';
import type { TokenPicker } from './sampling.js';
import { takeEncodedRows, takePastRows, type Encoded, type Past, type Seq2SeqLM } from './seq2seq-lm.js';

export interface Seq2SeqRow {
  /** Row of the encoded batch this answer reads. */
  source: number;
  pick: TokenPicker;
  maxNewTokens: number;
  stop: string[];
}

export interface Seq2SeqLoopOptions {
  eosIds: Set<number>;
  startId: number;
  decode: (ids: number[]) => string;
}

interface Active {
  row: number;
  tokens: number[];
}

/**
 * Batched decoding with the decoder's self-attention cache. Every row starts from the decoder
 * start token; each stops at its own EOS, stop string or token budget, and finished rows leave
 * the batch (with their cache and encoder states).
 */
export async function generateSeq2Seq(lm: Seq2SeqLM, encoded: Encoded, rows: Seq2SeqRow[], opts: Seq2SeqLoopOptions): Promise<LoopResult[]> {
  const results: LoopResult[] = rows.map(() => ({ text: '', finish: 'length' }));
  let active: Active[] = rows.flatMap((r, row) => (r.maxNewTokens > 0 ? [{ row, tokens: [] }] : []));
  if (active.length === 0) return results;
  let enc = takeEncodedRows(encoded, active.map((a) => rows[a.row]!.source));
  let next = active.map(() => opts.startId);
  let past: Past | null = null;
  while (active.length > 0) {
    const out = await lm.decode(next.map((t) => [t]), enc, past);
    const keep: number[] = [];
    next = [];
    active.forEach((a, i) => {
      const offset = (i * out.positions + out.positions - 1) * out.vocab;
      const token = rows[a.row]!.pick(out.logits, offset, out.vocab);
      const done = appendToken(a, token, rows[a.row]!, opts, results[a.row]!);
      if (!done) { keep.push(i); next.push(token); }
    });
    if (keep.length === 0) break;
    past = keep.length < active.length ? takePastRows(out.past, keep) : out.past;
    if (keep.length < active.length) enc = takeEncodedRows(enc, keep);
    active = keep.map((i) => active[i]!);
  }
  return results;
}

/** Append a token; true (and the result filled in) when the row is finished. */
function appendToken(a: Active, token: number, row: Seq2SeqRow, opts: Seq2SeqLoopOptions, result: LoopResult): boolean {
  if (opts.eosIds.has(token)) {
    Object.assign(result, { text: opts.decode(a.tokens), finish: 'eos' });
    return true;
  }
  a.tokens.push(token);
  const text = row.stop.length > 0 || a.tokens.length >= row.maxNewTokens ? opts.decode(a.tokens) : '';
  const cut = row.stop.length > 0 ? firstStop(text, row.stop) : -1;
  if (cut >= 0) {
    Object.assign(result, { text: text.slice(0, cut), finish: 'stop' });
    return true;
  }
  if (a.tokens.length < row.maxNewTokens) return false;
  Object.assign(result, { text, finish: 'length' });
  return true;
}
