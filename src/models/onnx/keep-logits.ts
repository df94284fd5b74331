/**
 * `num_logits_to_keep` for a decoder exported without it (what Optimum and most hub exports give).
 * Such a graph returns float logits for every position: with a 150k–260k vocabulary the output
 * projection is most of a prompt pass's arithmetic (a 6×384 model: 58M of its 69M multiply-adds
 * per token) and the logits most of its memory, for the one position the prompt pass reads.
 *
 * heldout rewrites the graph as it opens the model, in memory: a `Slice` of the last
 * `num_logits_to_keep` positions (0 = all, as transformers exports it) on the hidden state that
 * feeds the output projection. The new graph is small: inline weights become external data that
 * point back into the original file at their own offsets, so nothing is copied and the model
 * folder is never written (onnxruntime reads them with the graph's folder as the external data
 * folder). The cut is made only where it cannot change a logit: between a `MatMul` (or
 * `MatMulNBits`) with constant weights and the `logits` output, through element-wise steps only
 * (a cast, a bias, a soft cap); in Optimum's merged decoder, in both branches of the If that
 * makes the logits. OnnxModel checks the cut graph's last logits against its own full logits as
 * it opens (a prompt, then tokens on its cache), and opens the original when they differ.
 */
import path from 'node:path';
import { ConfigError } from '../../errors.js';
import { ProtoFile, type ProtoField } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

export const KEEP_INPUT = 'num_logits_to_keep';

/** `HELDOUT_KEEP_LOGITS=off` opens every graph as exported (to compare, or to rule the cut out). */
export function keepLogitsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env['HELDOUT_KEEP_LOGITS'] ?? 'on').toLowerCase();
  if (v === 'on' || v === '') return true;
  if (v === 'off') return false;
  throw new ConfigError(`HELDOUT_KEEP_LOGITS=${env['HELDOUT_KEEP_LOGITS']}: expected on or off`, { hint: 'set HELDOUT_KEEP_LOGITS to on (the default) or off, or unset it' });
}
/** Inline weights at least this large become external references into the original file. */
const EXTERNAL_MIN_BYTES = 1024;
/** Steps allowed between the projection and the output: each position's logits stay its own. */
const ELEMENTWISE = new Set(['Cast', 'Identity', 'Add', 'Sub', 'Mul', 'Div', 'Tanh']);

interface GraphNode {
  field: ProtoField;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  /** Graph-valued attributes (an If's then_branch and else_branch). */
  branches: { name: string; graph: ProtoField }[];
}

/** One graph: the model's, or a branch of an If inside it (which also sees the outer graph's tensors). */
interface GraphIndex {
  graph: ProtoField;
  nodes: GraphNode[];
  /** Node index by each tensor it makes. */
  producer: Map<string, number>;
  initializers: Set<string>;
  inputs: string[];
  outputs: string[];
}

/** Where the cut goes in one graph: the projection node, and the hidden state it reads. */
export interface ProjectionCut {
  node: number;
  hidden: string;
  /** Tensors from the projection's output to the logits (their declared shapes no longer hold). */
  chain: string[];
}

/** Optimum's merged decoder: `node` is the If that makes the logits; the cut is made in each of its branches (by attribute name). */
export interface BranchCut {
  node: number;
  branches: Record<string, ProjectionCut>;
}

export type LogitsHead = ProjectionCut | BranchCut;

/** The projection that makes `logits`, or why the graph cannot be cut safely. */
export async function findLogitsHead(file: string): Promise<LogitsHead | { reason: string }> {
  const pf = await ProtoFile.open(file);
  try {
    const { graph, opset } = await indexModel(pf);
    return await headOf(pf, graph, opset);
  } finally {
    await pf.close();
  }
}

async function headOf(pf: ProtoFile, g: GraphIndex, opset: number): Promise<LogitsHead | { reason: string }> {
  if (g.inputs.includes(KEEP_INPUT)) return { reason: `the graph already declares ${KEEP_INPUT}` };
  if (!g.outputs.includes('logits')) return { reason: 'the graph has no logits output' };
  if (opset < 10) return { reason: `opset ${opset} has no Slice with tensor bounds (needs 10)` };
  const constant = constantTest(g, () => false);
  const at = g.producer.get('logits');
  const node = at === undefined ? undefined : g.nodes[at];
  if (!node || node.op !== 'If' || node.branches.length !== 2) return walkToProjection(g, 'logits', constant);
  // Optimum's merged decoder: each branch has its own projection over the outer graph's weights
  const slot = node.outputs.indexOf('logits');
  const branches: Record<string, ProjectionCut> = {};
  for (const b of node.branches) {
    const inner = await indexGraph(pf, b.graph);
    const output = inner.outputs[slot];
    if (output === undefined) return { reason: `the ${b.name} of the If that makes the logits has no output ${slot}` };
    const head = walkToProjection(inner, output, constantTest(inner, constant));
    if ('reason' in head) return { reason: `in the ${b.name} of the If that makes the logits: ${head.reason}` };
    branches[b.name] = head;
  }
  return { node: at!, branches };
}

/** From `output` back through element-wise steps to a projection with constant weights. */
function walkToProjection(g: GraphIndex, output: string, constant: (name: string) => boolean): ProjectionCut | { reason: string } {
  const chain: string[] = [];
  let name = output;
  for (;;) {
    chain.push(name);
    const at = g.producer.get(name);
    if (at === undefined) return { reason: `${name} is not computed by a node` };
    const node = g.nodes[at]!;
    const isProjection = (node.op === 'MatMul' && node.domain === '') || (node.op === 'MatMulNBits' && node.domain === 'com.microsoft');
    if (isProjection) {
      if (!node.inputs.slice(1).every(constant)) return { reason: `the ${node.op} that makes the logits multiplies two computed tensors` };
      return { node: at, hidden: node.inputs[0]!, chain };
    }
    if (!ELEMENTWISE.has(node.op) || node.domain !== '') return { reason: `the logits come from a ${node.op} node, not an output projection` };
    const computed = node.inputs.filter((i) => !constant(i));
    if (computed.length !== 1) return { reason: `a ${node.op} between the projection and the logits reads ${computed.length} computed tensors` };
    name = computed[0]!;
  }
}

/**
 * A tensor that depends on no graph input: an initializer, a Constant, or computed from those
 * only; a name this graph does not make is the outer graph's (`outer` says).
 */
function constantTest(g: GraphIndex, outer: (name: string) => boolean): (name: string) => boolean {
  const memo = new Map<string, boolean>();
  const test = (name: string): boolean => {
    if (name === '' || g.initializers.has(name)) return true;
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    memo.set(name, false);
    const at = g.producer.get(name);
    const node = at === undefined ? undefined : g.nodes[at];
    const result = node === undefined ? outer(name) : !node.op.startsWith('Random') && node.branches.length === 0 && node.inputs.every(test);
    memo.set(name, result);
    return result;
  };
  return test;
}

/** ModelProto → graph (7), opset_import (8: domain 1, version 2). */
async function indexModel(pf: ProtoFile): Promise<{ graph: GraphIndex; opset: number }> {
  let graph: ProtoField | undefined;
  let opset = 0;
  for await (const f of pf.fields(0, pf.size)) {
    if (f.field === 7 && f.wire === 2) graph = f;
    if (f.field !== 8 || f.wire !== 2) continue;
    let domain = '';
    let version = 0;
    for await (const o of pf.fields(f.pos, f.pos + f.len)) {
      if (o.field === 1 && o.wire === 2) domain = await pf.text(o.pos, o.len);
      if (o.field === 2 && o.wire === 0) version = Number(o.value);
    }
    if (domain === '' || domain === 'ai.onnx') opset = version;
  }
  if (!graph) throw new Error('no graph in the file');
  return { graph: await indexGraph(pf, graph), opset };
}

/** GraphProto → node (1), initializer (5), input (11), output (12). */
async function indexGraph(pf: ProtoFile, graph: ProtoField): Promise<GraphIndex> {
  const index: GraphIndex = { graph, nodes: [], producer: new Map(), initializers: new Set(), inputs: [], outputs: [] };
  for await (const f of pf.fields(graph.pos, graph.pos + graph.len)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) {
      const node = await readNode(pf, f);
      for (const o of node.outputs) index.producer.set(o, index.nodes.length);
      index.nodes.push(node);
    }
    else if (f.field === 5) index.initializers.add(await nameOf(pf, f, 8));
    else if (f.field === 11) index.inputs.push(await nameOf(pf, f, 1));
    else if (f.field === 12) index.outputs.push(await nameOf(pf, f, 1));
  }
  return index;
}

/** NodeProto: input (1), output (2), op_type (4), domain (7), attribute (5) → name (1), g (6). */
async function readNode(pf: ProtoFile, n: ProtoField): Promise<GraphNode> {
  const node: GraphNode = { field: n, op: '', domain: '', inputs: [], outputs: [], branches: [] };
  for await (const f of pf.fields(n.pos, n.pos + n.len)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) node.inputs.push(await pf.text(f.pos, f.len));
    else if (f.field === 2) node.outputs.push(await pf.text(f.pos, f.len));
    else if (f.field === 4) node.op = await pf.text(f.pos, f.len);
    else if (f.field === 7) node.domain = await pf.text(f.pos, f.len);
    else if (f.field === 5) {
      let name = '';
      let graph: ProtoField | undefined;
      for await (const a of pf.fields(f.pos, f.pos + f.len)) {
        if (a.field === 1 && a.wire === 2) name = await pf.text(a.pos, a.len);
        if (a.field === 6 && a.wire === 2) graph = a;
      }
      if (graph) node.branches.push({ name, graph });
    }
  }
  if (node.domain === 'ai.onnx') node.domain = '';
  return node;
}

async function nameOf(pf: ProtoFile, m: ProtoField, field: number): Promise<string> {
  for await (const f of pf.fields(m.pos, m.pos + m.len)) {
    if (f.field === field && f.wire === 2) return pf.text(f.pos, f.len);
  }
  return '';
}

/** Constants the cut reads, in the model's graph (a branch sees them too). */
const SHARED = { end: 'heldout_keep/end', axis: 'heldout_keep/axis', shape: 'heldout_keep/shape' };

/**
 * The model with the cut at `head`, as bytes: every field copied as it is but the projection
 * node (its first input now the sliced hidden state), the shapes declared for the tensors after
 * it, and inline weights, which point into `weights` (the original file, by its name in the folder
 * the external data are read from) at their own offsets.
 */
async function rewriteModel(pf: ProtoFile, g: GraphIndex, head: LogitsHead, weights: string): Promise<Uint8Array> {
  const graph = await rewriteGraph(pf, g, head, weights, 'heldout_keep');
  graph.message(5, int64Tensor(SHARED.end, [Number.MAX_SAFE_INTEGER]));
  graph.message(5, int64Tensor(SHARED.axis, [1]));
  graph.message(5, int64Tensor(SHARED.shape, [1]));
  graph.message(11, scalarInt64Input(KEEP_INPUT));
  const model = new ProtoWriter();
  for await (const f of pf.fields(0, pf.size)) {
    if (f.field === 7 && f.wire === 2) model.message(7, graph);
    else model.raw(await pf.bytes(f.start, f.end - f.start));
  }
  return model.finish();
}

/** One graph's fields with the cut: the Slice before the projection, or each branch of the If rewritten in turn. */
async function rewriteGraph(pf: ProtoFile, g: GraphIndex, head: LogitsHead, weights: string, prefix: string): Promise<ProtoWriter> {
  const out = new ProtoWriter();
  const chain = new Set('chain' in head ? head.chain : []);
  let nodeIndex = 0;
  for await (const f of pf.fields(g.graph.pos, g.graph.pos + g.graph.len)) {
    if (f.field === 1 && f.wire === 2) {
      if (nodeIndex++ === head.node) {
        if ('branches' in head) {
          out.message(1, await withBranches(pf, f, head.branches, weights, prefix));
        } else {
          const hidden = `${prefix}/hidden`;
          for (const n of keepNodes(head.hidden, prefix)) out.message(1, n);
          out.message(1, await withFirstInput(pf, f, hidden));
        }
        continue;
      }
    } else if (f.field === 5 && f.wire === 2) {
      out.raw(await externalized(pf, f, weights));
      continue;
    } else if (f.field === 13 && f.wire === 2 && chain.has(await nameOf(pf, f, 1))) {
      continue;
    }
    out.raw(await pf.bytes(f.start, f.end - f.start));
  }
  return out;
}

/** Neg → Reshape to [1] → Slice(hidden, [-k], [max], axes [1]): the last k positions, all of them for k = 0. */
function keepNodes(hidden: string, prefix: string): ProtoWriter[] {
  const node = (op: string, inputs: string[], output: string) => {
    const w = new ProtoWriter();
    for (const i of inputs) w.string(1, i);
    return w.string(2, output).string(3, output).string(4, op);
  };
  return [
    node('Neg', [KEEP_INPUT], `${prefix}/neg`),
    node('Reshape', [`${prefix}/neg`, SHARED.shape], `${prefix}/start`),
    node('Slice', [hidden, `${prefix}/start`, SHARED.end, SHARED.axis], `${prefix}/hidden`),
  ];
}

/** An If node whose branch attributes (AttributeProto: g 6) hold their graphs cut. */
async function withBranches(pf: ProtoFile, n: ProtoField, branches: Record<string, ProjectionCut>, weights: string, prefix: string): Promise<ProtoWriter> {
  const w = new ProtoWriter();
  for await (const f of pf.fields(n.pos, n.pos + n.len)) {
    if (f.field !== 5 || f.wire !== 2) {
      w.raw(await pf.bytes(f.start, f.end - f.start));
      continue;
    }
    let name = '';
    for await (const a of pf.fields(f.pos, f.pos + f.len)) if (a.field === 1 && a.wire === 2) name = await pf.text(a.pos, a.len);
    const head = branches[name];
    if (!head) {
      w.raw(await pf.bytes(f.start, f.end - f.start));
      continue;
    }
    const attr = new ProtoWriter();
    for await (const a of pf.fields(f.pos, f.pos + f.len)) {
      if (a.field === 6 && a.wire === 2) attr.message(6, await rewriteGraph(pf, await indexGraph(pf, a), head, weights, `${prefix}/${name}`));
      else attr.raw(await pf.bytes(a.start, a.end - a.start));
    }
    w.message(5, attr);
  }
  return w;
}

/** The node's fields as they are, its first input replaced. */
async function withFirstInput(pf: ProtoFile, n: ProtoField, input: string): Promise<ProtoWriter> {
  const w = new ProtoWriter();
  let first = true;
  for await (const f of pf.fields(n.pos, n.pos + n.len)) {
    if (first && f.field === 1 && f.wire === 2) {
      w.string(1, input);
      first = false;
    } else {
      w.raw(await pf.bytes(f.start, f.end - f.start));
    }
  }
  return w;
}

/**
 * An initializer field: as it is when small or already external, else without its raw_data (9)
 * and with external_data (13) location/offset/length pointing at those bytes in the original
 * file, data_location (14) external.
 */
async function externalized(pf: ProtoFile, t: ProtoField, weights: string): Promise<Uint8Array> {
  const fields: ProtoField[] = [];
  for await (const f of pf.fields(t.pos, t.pos + t.len)) fields.push(f);
  const raw = fields.find((f) => f.field === 9 && f.wire === 2);
  if (!raw || raw.len < EXTERNAL_MIN_BYTES || fields.some((f) => f.field === 14)) return pf.bytes(t.start, t.end - t.start);
  const w = new ProtoWriter();
  for (const f of fields) if (f !== raw) w.raw(await pf.bytes(f.start, f.end - f.start));
  const entry = (key: string, value: string) => new ProtoWriter().string(1, key).string(2, value);
  w.message(13, entry('location', weights));
  w.message(13, entry('offset', String(raw.pos)));
  w.message(13, entry('length', String(raw.len)));
  w.int(14, 1);
  return new ProtoWriter().message(5, w).finish();
}

function int64Tensor(name: string, values: number[]): ProtoWriter {
  const data = new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
  return new ProtoWriter().packedInts(1, [values.length]).int(2, 7).string(8, name).bytes(9, data);
}

/** ValueInfoProto: name (1), type (2) → tensor_type (1) → elem_type int64 (7), shape (2) with no dims. */
function scalarInt64Input(name: string): ProtoWriter {
  const shape = new ProtoWriter();
  const tensor = new ProtoWriter().int(1, 7).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
}

/** A graph heldout loads in place of a model file: the file it stands for, and its bytes (external data resolve in the file's folder). */
export interface KeptGraph {
  file: string;
  bytes: Uint8Array;
}

/**
 * `file` with `num_logits_to_keep` (see the module comment), or why it cannot be cut. Its
 * external data, the inline weights among them, resolve in the original file's folder.
 */
export async function keepLogitsGraph(file: string): Promise<KeptGraph | { reason: string }> {
  const pf = await ProtoFile.open(file);
  try {
    const { graph, opset } = await indexModel(pf);
    const head = await headOf(pf, graph, opset);
    if ('reason' in head) return head;
    return { file: path.resolve(file), bytes: await rewriteModel(pf, graph, head, path.basename(file)) };
  } finally {
    await pf.close();
  }
}
