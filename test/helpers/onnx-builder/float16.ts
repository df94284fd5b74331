/**
 * A float32 graph as an fp16 export ships it: every float initializer stored as float16, every
 * float input and output declared float16, and every Cast to float retargeted to float16, so the
 * whole body computes in half precision (onnxruntime's CPU provider casts around the few ops it
 * has no float16 kernel for). Values beyond float16's range are clipped to ±65504, as
 * onnxconverter-common's conversion does, so a −1e9 mask constant stays finite.
 */
import type { Attr, GraphSpec, NodeSpec, TensorSpec, ValueSpec } from './onnx-proto.js';

const FLOAT = 1;
const FLOAT16 = 10;
const HALF_MAX = 65504;

export function toFloat16Graph(g: GraphSpec): GraphSpec {
  return {
    ...g,
    nodes: g.nodes.map(convertNode),
    inputs: g.inputs.map(convertValue),
    outputs: g.outputs.map(convertValue),
    initializers: g.initializers.map(convertTensor),
  };
}

function convertNode(n: NodeSpec): NodeSpec {
  if (!n.attrs) return n;
  const attrs: Record<string, Attr> = {};
  for (const [name, a] of Object.entries(n.attrs)) {
    if (n.op === 'Cast' && name === 'to' && 'i' in a && a.i === FLOAT) attrs[name] = { i: FLOAT16 };
    else if ('g' in a) attrs[name] = { g: toFloat16Graph(a.g) };
    else if ('t' in a) attrs[name] = { t: convertTensor(a.t) };
    else attrs[name] = a;
  }
  return { ...n, attrs };
}

function convertValue(v: ValueSpec): ValueSpec {
  return v.type === 'float' ? { ...v, type: 'float16' } : v;
}

function convertTensor(t: TensorSpec): TensorSpec {
  if (t.type !== 'float') return t;
  const words = floatToHalf(t.data as Float32Array);
  return { ...t, type: 'float16', data: new Uint8Array(words.buffer, words.byteOffset, words.byteLength) };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 words, rounded to nearest even, clipped to the finite range. */
export function floatToHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = Math.max(-HALF_MAX, Math.min(HALF_MAX, values[i]!));
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = ((x >>> 23) & 0xff) - 127 + 15;
    let mant = x & 0x7fffff;
    if (exp <= 0) {
      // subnormal half (or zero): shift the implicit bit in, round to nearest even
      if (exp < -10) { out[i] = sign; continue; }
      mant |= 0x800000;
      const shift = 14 - exp;
      const rounded = (mant >>> shift) + (((mant >>> (shift - 1)) & 1) & (((mant & ((1 << (shift - 1)) - 1)) !== 0 ? 1 : 0) | ((mant >>> shift) & 1)));
      out[i] = sign | rounded;
      continue;
    }
    const lower = mant & 0x1fff;
    let half = (exp << 10) | (mant >>> 13);
    if (lower > 0x1000 || (lower === 0x1000 && (half & 1))) half++;
    out[i] = sign | half;
  }
  return out;
}
