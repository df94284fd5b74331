import type { PreTrainedModel } from '@huggingface/transformers';
import { Tensor } from 'onnxruntime-node';
import { ModelError } from '../../errors.js';
import { configNumber, textConfigOf } from './model-config.js';
import { positionRuleOf } from './positions.js';
import { halfToFloat, int64Parts, takeRowParts } from './tensors.js';

/** Key/value cache tensors, keyed by the session's input names (`past_key_values.{i}.key|value`). */
export type Past = Record<string, Tensor>;

export interface ForwardInput {
  /** Rows of equal length (already padded). */
  ids: number[][];
  /** Attention mask over past + new tokens, one row per batch row. */
  mask: number[][];
  /** From 0 at each row's first real token (padding: any); the model's base is added when fed. */
  positions: number[][];
  past: Past | null;
  /** How many trailing positions need logits (0 = all). Honoured only when the model declares `num_logits_to_keep`. */
  keepLast: number;
  /**
   * Fetch only the logits: the caller never reads this forward's cache (a choice's last tokens),
   * so onnxruntime need not copy every layer's `present.*` out to JavaScript. `past` is then empty.
   */
  logitsOnly?: boolean;
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
  inputMetadata?: { name: string; type?: string; shape: (number | string)[] }[];
  run(feeds: Record<string, Tensor>, fetches?: string[]): Promise<Record<string, Tensor>>;
}

/** Cache element types a forward can be fed (float16 as raw 16-bit words: Node 20 has no Float16Array). */
export type CacheType = 'float32' | 'float16';

/** A thin driver over a transformers.js decoder: explicit masks, positions and cache. */
export class CausalLM {
  private readonly session: SessionLike;
  readonly pastNames: string[];
  /** Whether a forward returns logits only for the positions asked (`num_logits_to_keep`). */
  readonly keepsLogits: boolean;
  private readonly hasKeepInput: boolean;
  private readonly kvShape: { heads: number; headDim: number };
  /** Element type of the key/value cache the graph declares. */
  readonly cacheType: CacheType;
  /** What position_ids start at for this model_type (0 or 1), added to every fed position. */
  readonly positionBase: number;
  /**
   * The graph takes no position_ids and numbers positions itself (from its cache length): rows
   * must then never be left-padded, so callers feed one prompt per forward.
   */
  readonly derivesPositions: boolean;
  /**
   * Keys a layer may attend to, counted in cache slots, when the config declares a sliding window
   * (Mistral, Gemma 2/3's local layers); null when attention spans the whole cache. Slots, not
   * positions: padding inside a row's cache would narrow what such a layer sees, so prefill
   * does not share prefixes on such a model.
   */
  readonly slidingWindow: number | null;

  /** `fullLogits`: ask for every position's logits even when the model could keep fewer (tests, benches). */
  constructor(model: PreTrainedModel, config: Record<string, unknown>, opts: { fullLogits?: boolean } = {}) {
    this.session = (model as unknown as { sessions: Record<string, SessionLike> }).sessions['model']!;
    this.pastNames = this.session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    this.hasKeepInput = this.session.inputNames.includes('num_logits_to_keep');
    this.keepsLogits = this.hasKeepInput && !opts.fullLogits;
    this.kvShape = kvShapeOf(this.session, config);
    this.cacheType = cacheTypeOf(this.session, this.pastNames[0]);
    this.positionBase = positionRuleOf(config).base;
    this.derivesPositions = !this.session.inputNames.includes('position_ids');
    this.slidingWindow = slidingWindowOf(config);
  }

  async forward(input: ForwardInput): Promise<ForwardOutput> {
    const batch = input.ids.length;
    const feeds: Record<string, Tensor> = {
      input_ids: int64(input.ids),
      attention_mask: int64(input.mask),
      ...(input.past ?? this.emptyPast(batch)),
    };
    if (!this.derivesPositions) {
      const base = this.positionBase;
      feeds['position_ids'] = int64(base ? input.positions.map((row) => row.map((p) => p + base)) : input.positions);
    }
    // Optimum's merged decoder picks its with-past or no-past branch by this flag.
    if (this.session.inputNames.includes('use_cache_branch')) feeds['use_cache_branch'] = new Tensor('bool', [input.past !== null], [1]);
    if (this.hasKeepInput) feeds['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.from([BigInt(this.keepsLogits ? input.keepLast : 0)]), []);
    // the session itself: model.forward() re-wraps every input and output tensor on every call
    const out = input.logitsOnly ? await this.session.run(feeds, ['logits']) : await this.session.run(feeds);
    const logits = out['logits']!;
    const past: Past = {};
    for (const [name, t] of Object.entries(out)) {
      if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = t;
    }
    const [, positions, vocab] = logits.dims as [number, number, number];
    // float16 logits (fp16 / q4f16 exports) are scored in float32
    const values = logits.type === 'float16' ? halfToFloat(logits.data as Uint16Array) : (logits.data as Float32Array);
    return { logits: values, vocab, positions, past };
  }

  emptyPast(batch: number): Past {
    const past: Past = {};
    const { heads, headDim } = this.kvShape;
    const data = () => (this.cacheType === 'float16' ? new Uint16Array(0) : new Float32Array(0));
    for (const name of this.pastNames) past[name] = cacheTensor({ type: this.cacheType, data: data(), dims: [batch, heads, 0, headDim] });
    return past;
  }
}

/** Some batch rows of a cache, in the order given (repeats allowed): rows still generating, or each choice's context. */
export function selectPastRows(past: Past, rows: number[]): Past {
  const picked: Past = {};
  for (const [name, t] of Object.entries(past)) {
    picked[name] = cacheTensor(takeRowParts(t, rows));
  }
  return picked;
}

/** A cache block back as an onnxruntime tensor of its own element type. */
export function cacheTensor(parts: { type: string; data: unknown; dims: readonly number[] }): Tensor {
  if (parts.type === 'float16') return new Tensor('float16', parts.data as Uint16Array, parts.dims);
  return new Tensor('float32', parts.data as Float32Array, parts.dims);
}

function cacheTypeOf(session: SessionLike, firstPast: string | undefined): CacheType {
  const type = session.inputMetadata?.find((m) => m.name === firstPast)?.type ?? 'float32';
  if (type === 'float32' || type === 'float16') return type;
  throw new ModelError(`the key/value cache of this model is ${type}; heldout feeds float32 or float16 caches`, {
    hint: 'use a variant whose past_key_values inputs are float32 or float16 (fp32, fp16, q8, q4, q4f16 exports)',
  });
}

function int64(rows: number[][]): Tensor {
  const parts = int64Parts(rows);
  return new Tensor('int64', parts.data, parts.dims);
}

function kvShapeOf(session: SessionLike, config: Record<string, unknown>): { heads: number; headDim: number } {
  const meta = session.inputMetadata?.find((m) => m.name.startsWith('past_key_values.'));
  const [, h, , d] = meta?.shape ?? [];
  if (typeof h === 'number' && typeof d === 'number') return { heads: h, headDim: d };
  const num = (...keys: string[]) => configNumber(config, ...keys);
  const heads = num('num_attention_heads', 'n_head') ?? 1;
  const kvHeads = num('num_key_value_heads') ?? heads;
  const hidden = num('hidden_size', 'n_embd') ?? 64;
  return { heads: kvHeads, headDim: num('head_dim') ?? hidden / heads };
}

/** The sliding window a config declares and uses (Qwen2/3 declare one with use_sliding_window: false). */
export function slidingWindowOf(config: Record<string, unknown>): number | null {
  const text = textConfigOf(config);
  const w = text['sliding_window'] ?? text['attention_window'];
  if (typeof w !== 'number' || !(w > 0)) return null;
  return text['use_sliding_window'] === false ? null : w;
}
