/**
 * A graph's weight matrices as 4-bit block-quantized MatMulNBits (com.microsoft), as `_q4` and,
 * after toFloat16Graph, `_q4f16` hub exports store them: each column of a [K, N] weight in blocks
 * of 32 values along K, one scale per block (max |w| / 7), values rounded to −8…7 and stored +8
 * (MatMulNBits' default zero point), two to a byte, the first of a pair in the low nibble.
 * The embedding table stays as it is (exports keep Gather weights unquantized).
 */
import type { GraphSpec, NodeSpec, TensorSpec } from './onnx-proto.js';

const BLOCK = 32;

export function toQ4Graph(g: GraphSpec): GraphSpec {
  const weights = new Map(g.initializers.filter((t) => t.type === 'float' && t.dims.length === 2).map((t) => [t.name, t]));
  const used = new Set<string>();
  collectMatMulWeights(g, weights, used);
  const initializers = g.initializers.filter((t) => !used.has(t.name));
  const dims = new Map<string, number[]>();
  for (const name of used) {
    initializers.push(...quantize(weights.get(name)!));
    dims.set(name, weights.get(name)!.dims);
  }
  return { ...rewrite(g, dims), initializers };
}

function collectMatMulWeights(g: GraphSpec, weights: Map<string, TensorSpec>, used: Set<string>): void {
  for (const n of g.nodes) {
    if (n.op === 'MatMul' && weights.has(n.inputs[1]!)) used.add(n.inputs[1]!);
    for (const a of Object.values(n.attrs ?? {})) if ('g' in a) collectMatMulWeights(a.g, weights, used);
  }
}

function rewrite(g: GraphSpec, dims: Map<string, number[]>): GraphSpec {
  const nodes = g.nodes.map((n): NodeSpec => {
    const w = dims.get(n.inputs[1] ?? '');
    if (n.op === 'MatMul' && w) return matMulNBits(n, w[0]!, w[1]!);
    if (!n.attrs) return n;
    const attrs = Object.fromEntries(Object.entries(n.attrs).map(([k, a]) => [k, 'g' in a ? { g: rewrite(a.g, dims) } : a]));
    return { ...n, attrs };
  });
  return { ...g, nodes };
}

function matMulNBits(n: NodeSpec, K: number, N: number): NodeSpec {
  const w = n.inputs[1]!;
  return {
    op: 'MatMulNBits', domain: 'com.microsoft', inputs: [n.inputs[0]!, `${w}.q4`, `${w}.scales`], outputs: n.outputs,
    attrs: { K: { i: K }, N: { i: N }, bits: { i: 4 }, block_size: { i: BLOCK } },
  };
}

function quantize(t: TensorSpec): TensorSpec[] {
  const [K, N] = t.dims as [number, number];
  if (K % BLOCK) throw new Error(`toQ4Graph: ${t.name} has K = ${K}, not a multiple of ${BLOCK}`);
  const w = t.data as Float32Array;
  const blocks = K / BLOCK;
  const packed = new Uint8Array(N * blocks * (BLOCK / 2));
  const scales = new Float32Array(N * blocks);
  for (let col = 0; col < N; col++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let i = 0; i < BLOCK; i++) max = Math.max(max, Math.abs(w[(b * BLOCK + i) * N + col]!));
      const scale = max / 7 || 1;
      scales[col * blocks + b] = scale;
      for (let i = 0; i < BLOCK; i++) {
        const q = Math.max(-8, Math.min(7, Math.round(w[(b * BLOCK + i) * N + col]! / scale))) + 8;
        const at = (col * blocks + b) * (BLOCK / 2) + (i >> 1);
        packed[at]! |= i & 1 ? q << 4 : q;
      }
    }
  }
  return [
    { name: `${t.name}.q4`, type: 'uint8', dims: [N, blocks, BLOCK / 2], data: packed },
    { name: `${t.name}.scales`, type: 'float', dims: [N * blocks], data: scales },
  ];
}
