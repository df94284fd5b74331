/**
 * A tiny random-weight decoder as an ONNX graph, with the inputs and outputs transformers.js
 * exports have: input_ids, attention_mask, position_ids, past_key_values.{i}.key|value → logits,
 * present.{i}.key|value. It is a real (small) causal attention stack, so its cache is consistent:
 * decoding token by token from the cache gives the logits of one full forward.
 */
import { createRng, type Rng } from '../../../src/stats/rng.js';
import type { GraphSpec, NodeSpec, TensorSpec, ValueSpec, Attr } from './onnx-proto.js';

export interface DecoderDims {
  vocab: number;
  hidden: number;
  heads: number;
  layers: number;
  maxPositions: number;
}

export interface DecoderVariant {
  /** Declare `num_logits_to_keep` (logits of the last N positions only; 0 = all). */
  numLogitsToKeep: boolean;
  /** Optimum's merged decoder: an If on a boolean `use_cache_branch` between a with-past and a no-past branch. */
  useCacheBranch: boolean;
  /**
   * A scripted reply: the next token is `script[current]` (unlisted tokens lead to `fallback`), so a
   * test knows exactly what the model answers. The attention stack still runs and fills the cache.
   */
  script?: { next: Map<number, number>; fallback: number };
  /**
   * No position_ids input: the graph numbers positions from its cache length (past + 0, 1, …), as
   * old exports did; a left-padded row then reads shifted positions.
   */
  derivePositions?: boolean;
  /** float16 cache inputs/outputs and/or logits (fp16, q4f16 exports), Cast around the float32 body. */
  float16?: { cache: boolean; logits: boolean };
}

/** Emits nodes into one graph (or branch); initializers and names are shared by every branch. */
class Emitter {
  readonly nodes: NodeSpec[] = [];
  constructor(private readonly shared: { inits: TensorSpec[]; counter: number }, private readonly prefix: string) {}

  op(op: string, inputs: string[], attrs?: Record<string, Attr>, out?: string): string {
    const name = out ?? `${this.prefix}${op.toLowerCase()}_${this.shared.counter++}`;
    this.nodes.push({ op, inputs, outputs: [name], attrs });
    return name;
  }

  ints(name: string, values: number[], scalar = false): string {
    if (!this.shared.inits.some((t) => t.name === name)) {
      this.shared.inits.push({ name, type: 'int64', dims: scalar ? [] : [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    }
    return name;
  }

  float(name: string, value: number): string {
    if (!this.shared.inits.some((t) => t.name === name)) this.shared.inits.push({ name, type: 'float', dims: [], data: Float32Array.of(value) });
    return name;
  }
}

function weight(rng: Rng, name: string, dims: number[], scale: number): TensorSpec {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * scale;
  return { name, type: 'float', dims, data };
}

/**
 * `positionShift` k: the learned position table read k rows on (row i holds what row i + k of the
 * unshifted weights holds), so this model fed position p answers as the unshifted one fed p + k.
 */
export function decoderWeights(dims: DecoderDims, seed: number, positionShift = 0): TensorSpec[] {
  const rng = createRng(seed);
  const d = dims.hidden;
  const embed = weight(rng, 'embed', [dims.vocab, d], 1);
  const positions = weight(rng, 'positions', [dims.maxPositions, d], 0.5);
  if (positionShift) {
    const table = positions.data as Float32Array;
    const shifted = new Float32Array(table.length);
    shifted.set(table.subarray(positionShift * d));
    positions.data = shifted;
  }
  const out = [embed, positions];
  for (let l = 0; l < dims.layers; l++) {
    for (const m of ['q', 'k', 'v', 'o']) out.push(weight(rng, `layer${l}.${m}`, [d, d], 1 / Math.sqrt(d)));
    out.push(weight(rng, `layer${l}.up`, [d, 2 * d], 1 / Math.sqrt(d)), weight(rng, `layer${l}.down`, [2 * d, d], 1 / Math.sqrt(2 * d)));
  }
  out.push(weight(rng, 'lm_head', [d, dims.vocab], 3 / Math.sqrt(d)));
  return out;
}

/** The attention stack; `withPast` concatenates the cache inputs, otherwise the keys are the new tokens only. */
function emitStack(e: Emitter, dims: DecoderDims, withPast: boolean, outName: (base: string) => string, variant: DecoderVariant): void {
  const keep = variant.numLogitsToKeep;
  const { heads, hidden: d } = dims;
  const hd = d / heads;
  const half = variant.float16;
  const one = e.ints('c_one', [1], true);
  const total = e.op('Gather', [e.op('Shape', ['attention_mask']), one], { axis: { i: 0 } });
  const fresh = e.op('Gather', [e.op('Shape', ['input_ids']), one], { axis: { i: 0 } });
  const keys = e.op('Range', [e.ints('c_zero', [0], true), total, one]);
  const queries = e.op('Range', [e.op('Sub', [total, fresh]), total, one]);
  const positionIds = variant.derivePositions ? e.op('Unsqueeze', [queries, e.ints('c_axes0', [0])]) : 'position_ids';
  let x = e.op('Add', [e.op('Gather', ['embed', 'input_ids'], { axis: { i: 0 } }), e.op('Gather', ['positions', positionIds], { axis: { i: 0 } })]);
  const causal = e.op('LessOrEqual', [e.op('Unsqueeze', [keys, e.ints('c_axes0', [0])]), e.op('Unsqueeze', [queries, e.ints('c_axes1', [1])])]);
  const padding = e.op('Unsqueeze', [e.op('Cast', ['attention_mask'], { to: { i: 9 } }), e.ints('c_axes12', [1, 2])]);
  const allowed = e.op('And', [causal, padding]);
  const split = e.ints('c_split_heads', [0, 0, heads, hd]);
  const heads4 = (t: string) => e.op('Transpose', [e.op('Reshape', [t, split])], { perm: { ints: [0, 2, 1, 3] } });
  for (let l = 0; l < dims.layers; l++) {
    const proj = (m: string) => heads4(e.op('MatMul', [x, `layer${l}.${m}`]));
    const q = proj('q');
    let k = proj('k');
    let v = proj('v');
    if (withPast) {
      const past = (name: string) => (half?.cache ? e.op('Cast', [name], { to: { i: 1 } }) : name);
      k = e.op('Concat', [past(`past_key_values.${l}.key`), k], { axis: { i: 2 } });
      v = e.op('Concat', [past(`past_key_values.${l}.value`), v], { axis: { i: 2 } });
    }
    const present = (t: string, name: string) => (half?.cache ? e.op('Cast', [t], { to: { i: 10 } }, outName(name)) : e.op('Identity', [t], undefined, outName(name)));
    present(k, `present.${l}.key`);
    present(v, `present.${l}.value`);
    const scores = e.op('Mul', [e.op('MatMul', [q, e.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })]), e.float('c_scale', 1 / Math.sqrt(hd))]);
    const probs = e.op('Softmax', [e.op('Where', [allowed, scores, e.float('c_masked', -1e9)])], { axis: { i: -1 } });
    const context = e.op('Reshape', [e.op('Transpose', [e.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } }), e.ints('c_merge_heads', [0, 0, d])]);
    x = e.op('Add', [x, e.op('MatMul', [context, `layer${l}.o`])]);
    x = e.op('Add', [x, e.op('MatMul', [e.op('Tanh', [e.op('MatMul', [x, `layer${l}.up`])]), `layer${l}.down`])]);
  }
  const lastPositions = (t: string) => {
    if (!keep) return t;
    const start = e.op('Unsqueeze', [e.op('Neg', ['num_logits_to_keep']), e.ints('c_axes0', [0])]);
    return e.op('Slice', [t, start, e.ints('c_end', [Number.MAX_SAFE_INTEGER]), e.ints('c_axes1', [1])]);
  };
  const logits = (op: string, inputs: string[], attrs?: Record<string, Attr>) => {
    if (!half?.logits) return e.op(op, inputs, attrs, outName('logits'));
    return e.op('Cast', [e.op(op, inputs, attrs)], { to: { i: 10 } }, outName('logits'));
  };
  if (!variant.script) {
    logits('MatMul', [lastPositions(x), 'lm_head']);
    return;
  }
  e.op('MatMul', [x, 'lm_head']);
  const next = lastPositions(e.op('Gather', ['script_next', 'input_ids'], { axis: { i: 0 } }));
  logits('OneHot', [next, e.ints('c_vocab', [dims.vocab]), 'c_onehot'], { axis: { i: -1 } });
}

export function decoderGraph(dims: DecoderDims, variant: DecoderVariant, seed: number, positionShift = 0): GraphSpec {
  const shared = { inits: decoderWeights(dims, seed, positionShift), counter: 0 };
  if (variant.script) {
    const table = new BigInt64Array(dims.vocab).fill(BigInt(variant.script.fallback));
    for (const [from, to] of variant.script.next) table[from] = BigInt(to);
    shared.inits.push({ name: 'script_next', type: 'int64', dims: [dims.vocab], data: table });
    shared.inits.push({ name: 'c_onehot', type: 'float', dims: [2], data: Float32Array.of(-10, 10) });
  }
  const hd = dims.hidden / dims.heads;
  const pastShape = ['batch_size', dims.heads, 'past_sequence_length', hd];
  const inputs: ValueSpec[] = [
    { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'total_sequence_length'] },
  ];
  if (!variant.derivePositions) inputs.push({ name: 'position_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] });
  const cacheType = variant.float16?.cache ? 'float16' : 'float';
  const outputs: ValueSpec[] = [{ name: 'logits', type: variant.float16?.logits ? 'float16' : 'float', shape: ['batch_size', 'logits_length', dims.vocab] }];
  for (let l = 0; l < dims.layers; l++) {
    for (const kv of ['key', 'value']) {
      inputs.push({ name: `past_key_values.${l}.${kv}`, type: cacheType, shape: pastShape });
      outputs.push({ name: `present.${l}.${kv}`, type: cacheType, shape: ['batch_size', dims.heads, 'total_sequence_length', hd] });
    }
  }
  if (variant.numLogitsToKeep) inputs.push({ name: 'num_logits_to_keep', type: 'int64', shape: [] });
  const main = new Emitter(shared, '');
  if (!variant.useCacheBranch) {
    emitStack(main, dims, true, (n) => n, variant);
    return { name: 'tiny-decoder', nodes: main.nodes, inputs, outputs, initializers: shared.inits };
  }
  inputs.push({ name: 'use_cache_branch', type: 'bool', shape: [1] });
  const branch = (withPast: boolean) => {
    const tag = withPast ? 'with_past' : 'no_past';
    const e = new Emitter(shared, `${tag}_`);
    emitStack(e, dims, withPast, (n) => `${tag}/${n}`, variant);
    const outs = outputs.map((o) => ({ name: `${tag}/${o.name}`, type: o.type }));
    return { name: tag, nodes: e.nodes, inputs: [], outputs: outs, initializers: [] } satisfies GraphSpec;
  };
  const cond = main.op('Squeeze', ['use_cache_branch', main.ints('c_axes0', [0])]);
  main.nodes.push({
    op: 'If', inputs: [cond], outputs: outputs.map((o) => o.name),
    attrs: { then_branch: { g: branch(true) }, else_branch: { g: branch(false) } },
  });
  return { name: 'tiny-decoder-merged', nodes: main.nodes, inputs, outputs, initializers: shared.inits };
}
