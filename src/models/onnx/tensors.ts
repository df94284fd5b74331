/**
 * Plain tensor arithmetic shared by both ONNX backends: int64 inputs, picking batch rows, and
 * joining caches of different lengths. It works on (type, data, dims) so it serves onnxruntime's
 * own tensors (causal LM) and transformers.js tensors (seq2seq) alike: each backend wraps the
 * result in its tensor class.
 */
export type NumericData = Float32Array | BigInt64Array | Uint16Array;

export interface TensorParts<D extends NumericData = NumericData> {
  type: string;
  data: D;
  dims: number[];
}

interface TensorLike {
  type: string;
  data: unknown;
  dims: readonly number[];
}

/** Rows of equal length as one int64 `[rows, width]` block. */
export function int64Parts(rows: number[][]): TensorParts<BigInt64Array> {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  let k = 0;
  for (const row of rows) for (const v of row) data[k++] = BigInt(v);
  return { type: 'int64', data, dims: [rows.length, width] };
}

/** Rows along the first axis, in the order given (repeats allowed: tiling). */
export function takeRowParts(t: TensorLike, rows: number[]): TensorParts {
  const src = t.data as NumericData;
  const rowSize = t.dims[0] ? src.length / t.dims[0] : 0;
  const data = new (src.constructor as { new (n: number): NumericData })(rowSize * rows.length);
  rows.forEach((r, i) => (data as Float32Array).set((src as Float32Array).subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
  return { type: t.type, data, dims: [rows.length, ...t.dims.slice(1)] };
}

/**
 * Cache tensors `[rows, heads, len, headDim]` of several batches as one batch of length `width`,
 * each block's positions right-aligned (left padding, zeros): with the mask's zeros over the
 * padding, attention reads exactly what each row had. The element type stays the blocks' own
 * (float32, or float16 as raw 16-bit words).
 */
export function joinLeftPadded(blocks: TensorLike[], width: number): TensorParts<Float32Array | Uint16Array> {
  const [, heads, , headDim] = blocks[0]!.dims as number[];
  const rows = blocks.reduce((n, b) => n + b.dims[0]!, 0);
  const make = (blocks[0]!.data as Float32Array | Uint16Array).constructor as { new (n: number): Float32Array | Uint16Array };
  const data = new make(rows * heads! * width * headDim!);
  let row = 0;
  for (const b of blocks) {
    const src = b.data as Float32Array;
    const len = b.dims[2]!;
    const span = len * headDim!;
    for (let r = 0; r < b.dims[0]!; r++, row++) {
      for (let h = 0; h < heads!; h++) {
        const from = (r * heads! + h) * span;
        const to = ((row * heads! + h) * width + (width - len)) * headDim!;
        (data as Float32Array).set(src.subarray(from, from + span), to);
      }
    }
  }
  return { type: blocks[0]!.type, data, dims: [rows, heads!, width, headDim!] };
}

let HALF: Float32Array | undefined;

/** IEEE 754 half-precision words (onnxruntime's float16 data on Node 20) as float32 values. */
export function halfToFloat(words: Uint16Array): Float32Array {
  HALF ??= halfTable();
  const out = new Float32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = HALF[words[i]!]!;
  return out;
}

function halfTable(): Float32Array {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * 2 ** -14 * (frac / 1024)
      : exp === 31 ? (frac ? NaN : sign * Infinity)
        : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return t;
}

/** One position's logits row out of `[rows, positions, vocab]`, copied (the big block can then go). */
export function logitsRow(logits: Float32Array, row: number, position: number, positions: number, vocab: number): Float32Array {
  const offset = (row * positions + position) * vocab;
  return logits.slice(offset, offset + vocab);
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
