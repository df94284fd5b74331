import { answerStart } from '../thinking.js';
import type { ThinkingTags } from '../types.js';
import type { TokenPicker } from './sampling.js';

/** One answer to decode: its own sampler, token budget and stop strings. */
export interface DecodeRow {
  pick: TokenPicker;
  maxNewTokens: number;
  stop: string[];
  /** Stop strings inside a reasoning section in these tags do not end the answer. */
  thinking?: ThinkingTags;
  /** The prompt leaves that section open (the answer starts inside it). */
  openThinking?: boolean;
}

export interface DecodeOptions {
  eosIds: Set<number>;
  decode: (ids: number[]) => string;
}

export interface LoopResult {
  text: string;
  finish: 'eos' | 'stop' | 'length';
}

/** Next-token logits for each row of the current batch. */
export interface StepLogits {
  logits: Float32Array;
  vocab: number;
  /** Where row `i` of the current batch starts in `logits`. */
  offset(i: number): number;
}

/** How a backend advances its rows: causal LM (prompt cache) or encoder-decoder (encoder states + decoder cache). */
export interface Stepper {
  /** Logits for every row's first new token. */
  first(): Promise<StepLogits>;
  /** Keep rows `keep` (indices into the current batch), feed each its token, return the next logits. */
  next(keep: number[], tokens: number[]): Promise<StepLogits>;
}

interface Active {
  row: number;
  tokens: number[];
}

/**
 * The one batched decode loop of both ONNX backends. Each row stops at its own EOS, stop string
 * or token budget, and finished rows leave the batch, so one long answer does not make the
 * others pay.
 */
export async function decodeRows(rows: DecodeRow[], stepper: Stepper, opts: DecodeOptions): Promise<LoopResult[]> {
  const results: LoopResult[] = rows.map(() => ({ text: '', finish: 'length' }));
  if (!rows.some((r) => r.maxNewTokens > 0)) return results;
  const pieces = new Map<number, string>();
  let active: Active[] = rows.map((_, row) => ({ row, tokens: [] }));
  let out = await stepper.first();
  while (active.length > 0) {
    const keep: number[] = [];
    const next: number[] = [];
    active.forEach((a, i) => {
      const row = rows[a.row]!;
      if (row.maxNewTokens <= 0) return;
      const token = row.pick(out.logits, out.offset(i), out.vocab);
      if (!finishRow(a, token, row, opts, results[a.row]!, pieces)) { keep.push(i); next.push(token); }
    });
    if (keep.length === 0) break;
    out = await stepper.next(keep, next);
    active = keep.map((i) => active[i]!);
  }
  return results;
}

/** Append a token; true (and the result filled in) when the row is finished. */
function finishRow(a: Active, token: number, row: DecodeRow, opts: DecodeOptions, result: LoopResult, pieces: Map<number, string>): boolean {
  if (opts.eosIds.has(token)) {
    Object.assign(result, { text: opts.decode(a.tokens), finish: 'eos' });
    return true;
  }
  a.tokens.push(token);
  if (row.stop.length > 0 && mayEndStop(token, row.stop, opts, pieces)) {
    const text = opts.decode(a.tokens);
    const from = row.thinking ? answerStart(text, row.thinking, row.openThinking ?? false) : 0;
    const cut = from < 0 ? -1 : firstStop(text.slice(from), row.stop);
    if (cut >= 0) {
      Object.assign(result, { text: text.slice(0, from + cut), finish: 'stop' });
      return true;
    }
  }
  if (a.tokens.length < row.maxNewTokens) return false;
  Object.assign(result, { text: opts.decode(a.tokens), finish: 'length' });
  return true;
}

/**
 * Earlier tokens were checked already, so a stop string can only end inside the text this token
 * adds: decode everything (O(length)) only when that text holds a stop's last character, or is
 * part of a multi-byte character (U+FFFD alone), whose text depends on its neighbours.
 */
function mayEndStop(token: number, stop: string[], opts: DecodeOptions, pieces: Map<number, string>): boolean {
  let piece = pieces.get(token);
  if (piece === undefined) pieces.set(token, (piece = opts.decode([token])));
  return piece.includes('\uFFFD') || stop.some((s) => s.length > 0 && piece.includes(s.at(-1)!));
}

export function firstStop(text: string, stops: string[]): number {
  let cut = -1;
  for (const s of stops) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut;
}
