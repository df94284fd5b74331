import type { PreTrainedModel } from '@huggingface/transformers';
import { Tensor } from 'onnxruntime-node';
import { int64Parts, takeRowParts } from './tensors.js';

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
  /** Whether a forward returns logits only for the positions asked (`num_logits_to_keep`). */
  readonly keepsLogits: boolean;
  private readonly hasKeepInput: boolean;
  private readonly kvShape: { heads: number; headDim: number };

  /** `fullLogits`: ask for every position's logits even when the model could keep fewer (tests, benches). */
  constructor(model: PreTrainedModel, config: Record<string, unknown>, opts: { fullLogits?: boolean } = {}) {
    this.session = (model as unknown as { sessions: Record<string, SessionLike> }).sessions['model']!;
    this.pastNames = this.session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    this.hasKeepInput = this.session.inputNames.includes('num_logits_to_keep');
    this.keepsLogits = this.hasKeepInput && !opts.fullLogits;
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
    // Optimum's merged decoder picks its with-past or no-past branch by this flag.
    if (this.session.inputNames.includes('use_cache_branch')) feeds['use_cache_branch'] = new Tensor('bool', [input.past !== null], [1]);
    if (this.hasKeepInput) feeds['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.from([BigInt(this.keepsLogits ? input.keepLast : 0)]), []);
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
    const parts = takeRowParts(t, rows);
    picked[name] = new Tensor('float32', parts.data as Float32Array, parts.dims);
  }
  return picked;
}

function int64(rows: number[][]): Tensor {
  const parts = int64Parts(rows);
  return new Tensor('int64', parts.data, parts.dims);
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
