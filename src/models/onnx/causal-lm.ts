import type { PreTrainedModel } from '@huggingface/transformers';
import { Tensor } from 'onnxruntime-node';

/** Key/value cache tensors, keyed by the session's input names (`past_key_values.{i}.key|value`). */
export type Past = Record<string, Tensor>;

export interface ForwardInput {
  /** Rows of equal length (already padded). */
  ids: number[][];
  /** Attention mask over past + new tokens, one row per batch row. */
  mask: number[][];
  positions: number[][];
  past: Past | null;
  /** How many trailing positions need logits (0 = all). Honoured only when the model declares `num_logits_to_keep`. */
  keepLast: number;
}

export interface ForwardOutput {
  logits: Float32Array;
  vocab: number;
  /** Positions of logits per row in `logits`. */
  positions: number;
  past: Past;
}

interface SessionLike {
  inputNames: string[];
  inputMetadata?: { name: string; shape: (number | string)[] }[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
}

/** A thin driver over a transformers.js decoder: explicit masks, positions and cache. */
export class CausalLM {
  private readonly session: SessionLike;
  readonly pastNames: string[];
  readonly keepsLogits: boolean;
  private readonly kvShape: { heads: number; headDim: number };

  constructor(model: PreTrainedModel, config: Record<string, unknown>) {
    this.session = (model as unknown as { sessions: Record<string, SessionLike> }).sessions['model']!;
    this.pastNames = this.session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    this.keepsLogits = this.session.inputNames.includes('num_logits_to_keep');
    this.kvShape = kvShapeOf(this.session, config);
  }

  async forward(input: ForwardInput): Promise<ForwardOutput> {
    const batch = input.ids.length;
    const feeds: Record<string, Tensor> = {
      input_ids: int64(input.ids),
      attention_mask: int64(input.mask),
      position_ids: int64(input.positions),
      ...(input.past ?? this.emptyPast(batch)),
    };
    if (this.keepsLogits) feeds['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.from([BigInt(input.keepLast)]), []);
    // the session itself: model.forward() re-wraps every input and output tensor on every call
    const out = await this.session.run(feeds);
    const logits = out['logits']!;
    const past: Past = {};
    for (const [name, t] of Object.entries(out)) {
      if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = t;
    }
    const [, positions, vocab] = logits.dims as [number, number, number];
    return { logits: logits.data as Float32Array, vocab, positions, past };
  }

  emptyPast(batch: number): Past {
    const past: Past = {};
    const { heads, headDim } = this.kvShape;
    for (const name of this.pastNames) past[name] = new Tensor('float32', new Float32Array(0), [batch, heads, 0, headDim]);
    return past;
  }
}

/** Some batch rows of a cache, in the order given (repeats allowed): rows still generating, or each choice's context. */
export function selectPastRows(past: Past, rows: number[]): Past {
  const picked: Past = {};
  for (const [name, t] of Object.entries(past)) {
    const src = t.data as Float32Array;
    const rowSize = src.length / t.dims[0]!;
    const data = new Float32Array(rowSize * rows.length);
    rows.forEach((r, i) => data.set(src.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
    picked[name] = new Tensor('float32', data, [rows.length, ...t.dims.slice(1)]);
  }
  return picked;
}

function int64(rows: number[][]): Tensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  let k = 0;
  for (const row of rows) for (const v of row) data[k++] = BigInt(v);
  return new Tensor('int64', data, [rows.length, width]);
}

function kvShapeOf(session: SessionLike, config: Record<string, unknown>): { heads: number; headDim: number } {
  const meta = session.inputMetadata?.find((m) => m.name.startsWith('past_key_values.'));
  const [, h, , d] = meta?.shape ?? [];
  if (typeof h === 'number' && typeof d === 'number') return { heads: h, headDim: d };
  const num = (...keys: string[]) => keys.map((k) => config[k]).find((v): v is number => typeof v === 'number');
  const heads = num('num_attention_heads', 'n_head') ?? 1;
  const kvHeads = num('num_key_value_heads') ?? heads;
  const hidden = num('hidden_size', 'n_embd') ?? 64;
  return { heads: kvHeads, headDim: num('head_dim') ?? hidden / heads };
}

/** log p(token) at one logits row. */
export function logSoftmaxAt(logits: Float32Array, offset: number, vocab: number, token: number): number {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]!);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i]! - max);
  return logits[offset + token]! - max - Math.log(sum);
}

export function argmaxAt(logits: Float32Array, offset: number, vocab: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < vocab; i++) {
    const v = logits[offset + i]!;
    if (v > bestValue) { bestValue = v; best = i; }
  }
  return best;
}
