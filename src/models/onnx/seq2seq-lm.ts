import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { halfToFloat, int64Parts, takeRowParts } from './tensors.js';

/** Decoder self-attention cache of the seq2seq backend (transformers.js tensors). */
export type Past = Record<string, Tensor>;

/** Encoder output for a batch: hidden states `[batch, L, d]` and the mask `[batch, L]` that goes with them. */
export interface Encoded {
  hidden: Tensor;
  mask: Tensor;
}

export interface DecodeOutput {
  logits: Float32Array;
  vocab: number;
  /** Positions of logits per row in `logits`. */
  positions: number;
  past: Past;
}

interface OrtSession {
  inputNames: string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * A thin driver over a transformers.js encoder-decoder: the encoder runs once per prompt, the
 * decoder takes explicit token rows, encoder states and its own self-attention cache.
 */
export class Seq2SeqLM {
  private readonly encoder: OrtSession;

  constructor(private readonly model: PreTrainedModel) {
    this.encoder = (model as unknown as { sessions: Record<string, OrtSession> }).sessions['model']!;
  }

  /** Encode right-padded rows (T5's relative positions make right padding exact). */
  async encode(rows: number[][], padId: number): Promise<Encoded> {
    const width = Math.max(...rows.map((r) => r.length));
    const ids = int64(rows.map((r) => [...r, ...Array(width - r.length).fill(padId)]));
    const mask = int64(rows.map((r) => [...r.map(() => 1), ...Array(width - r.length).fill(0)]));
    const inputs: Record<string, Tensor> = { input_ids: ids, attention_mask: mask };
    const feeds: Record<string, unknown> = {};
    for (const name of this.encoder.inputNames) {
      const t = inputs[name];
      if (t) feeds[name] = (t as unknown as { ort_tensor: unknown }).ort_tensor;
    }
    const out = await this.encoder.run(feeds);
    const hidden = new (Tensor as unknown as new (ort: unknown) => Tensor)(out['last_hidden_state']);
    return { hidden, mask };
  }

  /** One decoder step over `ids` (rows of equal length) given encoder states and the cache so far. */
  async decode(ids: number[][], enc: Encoded, past: Past | null): Promise<DecodeOutput> {
    const out = (await this.model.forward({
      encoder_outputs: enc.hidden,
      attention_mask: enc.mask,
      decoder_input_ids: int64(ids),
      past_key_values: past,
    })) as Record<string, Tensor>;
    const logits = out['logits']!;
    const next: Past = {};
    for (const [name, t] of Object.entries(out)) {
      if (!name.startsWith('present')) continue;
      const key = name.replace('present', 'past_key_values');
      // Optimum's merged decoder returns placeholders for the cross-attention cache once it is filled.
      next[key] = key.includes('.encoder.') && past?.[key] ? past[key]! : t;
    }
    const [, positions, vocab] = logits.dims as [number, number, number];
    // float16 logits (fp16 exports) are scored in float32
    const values = logits.type === 'float16' ? halfToFloat(logits.data as Uint16Array) : (logits.data as Float32Array);
    return { logits: values, vocab, positions, past: next };
  }
}

/** Rows of a tensor along its first axis, in the given order (repeats allowed: tiling); its element type stays. */
export function takeRows(t: Tensor, rows: number[]): Tensor {
  const parts = takeRowParts(t, rows);
  return new Tensor(parts.type as 'float32', parts.data as Float32Array, parts.dims);
}

export function takeEncodedRows(enc: Encoded, rows: number[]): Encoded {
  return { hidden: takeRows(enc.hidden, rows), mask: takeRows(enc.mask, rows) };
}

export function takePastRows(past: Past, rows: number[]): Past {
  const picked: Past = {};
  for (const [name, t] of Object.entries(past)) picked[name] = takeRows(t, rows);
  return picked;
}

function int64(rows: number[][]): Tensor {
  const parts = int64Parts(rows);
  return new Tensor('int64', parts.data, parts.dims);
}
