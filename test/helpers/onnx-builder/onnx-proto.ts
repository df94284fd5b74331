/**
 * A minimal ONNX encoder: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto and
 * ValueInfoProto, with the field numbers of onnx.proto. Enough to write a small decoder that
 * onnxruntime loads, with its weights inline or in external data files.
 */
import { ProtoWriter } from '../../../src/models/onnx/proto-writer.js';

export type ElemType = 'float' | 'uint8' | 'int64' | 'bool' | 'float16' | 'double' | 'bfloat16';
const ELEM: Record<ElemType, number> = { float: 1, uint8: 2, int64: 7, bool: 9, float16: 10, double: 11, bfloat16: 16 };

export interface TensorSpec {
  name: string;
  type: ElemType;
  dims: number[];
  data: Float32Array | BigInt64Array | Uint8Array;
}

export interface ValueSpec {
  name: string;
  type: ElemType;
  /** Numbers are fixed sizes, strings are named (dynamic) dimensions; omitted = rank unknown. */
  shape?: (number | string)[];
}

export type Attr =
  | { i: number }
  | { f: number }
  | { ints: number[] }
  | { s: string }
  | { t: TensorSpec }
  | { g: GraphSpec };

export interface NodeSpec {
  op: string;
  /** Operator set of a contrib op (`com.microsoft` for MatMulNBits); default the ONNX one. */
  domain?: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr>;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers: TensorSpec[];
}

/** Where an initializer's bytes live when they are not inside the .onnx file. */
export interface ExternalPlace {
  location: string;
  offset: number;
  length: number;
}

export interface ModelOptions {
  opset?: number;
  producer?: string;
  /** Initializers stored outside the graph file, by name. */
  external?: Map<string, ExternalPlace>;
}

export function encodeModel(graph: GraphSpec, opts: ModelOptions = {}): Uint8Array {
  const w = new ProtoWriter()
    .int(1, 8) // ir_version 8 (opset 17 era)
    .string(2, opts.producer ?? 'heldout-test-builder')
    .string(3, '1')
    .message(7, encodeGraph(graph, opts.external ?? new Map()))
    .message(8, new ProtoWriter().string(1, '').int(2, opts.opset ?? 17));
  for (const domain of domainsOf(graph)) w.message(8, new ProtoWriter().string(1, domain).int(2, 1));
  return w.finish();
}

function domainsOf(g: GraphSpec, into = new Set<string>()): Set<string> {
  for (const n of g.nodes) {
    if (n.domain) into.add(n.domain);
    for (const a of Object.values(n.attrs ?? {})) if ('g' in a) domainsOf(a.g, into);
  }
  return into;
}

function encodeGraph(g: GraphSpec, external: Map<string, ExternalPlace>): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n, external));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t, external.get(t.name)));
  for (const v of g.inputs) w.message(11, encodeValue(v));
  for (const v of g.outputs) w.message(12, encodeValue(v));
  return w;
}

function encodeNode(n: NodeSpec, external: Map<string, ExternalPlace>): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.op}_${n.outputs[0]}`);
  w.string(4, n.op);
  if (n.domain) w.string(7, n.domain);
  for (const [name, a] of Object.entries(n.attrs ?? {})) w.message(5, encodeAttr(name, a, external));
  return w;
}

function encodeAttr(name: string, a: Attr, external: Map<string, ExternalPlace>): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('i' in a) return w.int(3, a.i).int(20, 2);
  if ('f' in a) return w.float(2, a.f).int(20, 1);
  if ('ints' in a) return w.packedInts(8, a.ints).int(20, 7);
  if ('s' in a) return w.string(4, a.s).int(20, 3);
  if ('t' in a) return w.message(5, encodeTensor(a.t)).int(20, 4);
  return w.message(6, encodeGraph(a.g, external)).int(20, 5);
}

export function tensorBytes(t: TensorSpec): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function encodeTensor(t: TensorSpec, place?: ExternalPlace): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length) w.packedInts(1, t.dims);
  w.int(2, ELEM[t.type]).string(8, t.name);
  if (!place) return w.bytes(9, tensorBytes(t));
  const entry = (key: string, value: string) => new ProtoWriter().string(1, key).string(2, value);
  w.message(13, entry('location', place.location));
  w.message(13, entry('offset', String(place.offset)));
  w.message(13, entry('length', String(place.length)));
  return w.int(14, 1);
}

function encodeValue(v: ValueSpec): ProtoWriter {
  const tensor = new ProtoWriter().int(1, ELEM[v.type]);
  if (v.shape) {
    const shape = new ProtoWriter();
    for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
    tensor.message(2, shape);
  }
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensor));
}
