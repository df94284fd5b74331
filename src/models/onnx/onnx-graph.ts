import { ProtoFile, type ProtoField } from './proto-reader.js';

export interface OnnxValue {
  name: string;
  /** ONNX element type name (float, float16, int64, bool, …). */
  type: string;
  /** Fixed sizes as numbers, named dimensions as strings; undefined when the file does not say. */
  shape?: (number | string)[];
}

/** What a model file declares, read without loading it into onnxruntime. */
export interface OnnxSummary {
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** Files the weights live in besides the graph file (external data), relative to the graph file. */
  externalData: string[];
  opset?: number;
  producer?: string;
}

const ELEM_TYPES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/** ModelProto → graph (7), opset_import (8), producer_name (2); GraphProto → node (1), initializer (5), input (11), output (12). */
export async function readOnnxSummary(file: string): Promise<OnnxSummary> {
  const pf = await ProtoFile.open(file);
  try {
    const summary: OnnxSummary = { inputs: [], outputs: [], externalData: [] };
    const external = new Set<string>();
    let sawGraph = false;
    for await (const f of pf.fields(0, pf.size)) {
      if (f.field === 7 && f.wire === 2) {
        sawGraph = true;
        await readGraph(pf, f, summary, external, true);
      } else if (f.field === 8 && f.wire === 2) {
        for await (const g of pf.fields(f.pos, f.pos + f.len)) {
          if (g.field === 2 && g.wire === 0 && summary.opset === undefined) summary.opset = Number(g.value);
        }
      } else if (f.field === 2 && f.wire === 2) {
        summary.producer = await pf.text(f.pos, f.len);
      }
    }
    if (!sawGraph) throw new Error('no graph in the file');
    summary.externalData = [...external].sort();
    return summary;
  } finally {
    await pf.close();
  }
}

async function readGraph(pf: ProtoFile, g: ProtoField, summary: OnnxSummary, external: Set<string>, top: boolean): Promise<void> {
  for await (const f of pf.fields(g.pos, g.pos + g.len)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) await readNode(pf, f, summary, external);
    else if (f.field === 5) await readTensorLocation(pf, f, external);
    else if (top && f.field === 11) summary.inputs.push(await readValue(pf, f));
    else if (top && f.field === 12) summary.outputs.push(await readValue(pf, f));
  }
}

/** Only attributes can hold tensors (Constant) or subgraphs (If, Loop), whose weights may be external. */
async function readNode(pf: ProtoFile, n: ProtoField, summary: OnnxSummary, external: Set<string>): Promise<void> {
  for await (const f of pf.fields(n.pos, n.pos + n.len)) {
    if (f.field !== 5 || f.wire !== 2) continue;
    for await (const a of pf.fields(f.pos, f.pos + f.len)) {
      if (a.wire !== 2) continue;
      if (a.field === 5 || a.field === 10) await readTensorLocation(pf, a, external);
      if (a.field === 6 || a.field === 11) await readGraph(pf, a, summary, external, false);
    }
  }
}

/** TensorProto: external_data (13) entries {key (1), value (2)}; data_location (14) = 1 means external. */
async function readTensorLocation(pf: ProtoFile, t: ProtoField, external: Set<string>): Promise<void> {
  let location: string | undefined;
  let isExternal = false;
  for await (const f of pf.fields(t.pos, t.pos + t.len)) {
    if (f.field === 14 && f.wire === 0) isExternal = f.value === 1n;
    if (f.field !== 13 || f.wire !== 2) continue;
    let key = '';
    let value = '';
    for await (const e of pf.fields(f.pos, f.pos + f.len)) {
      if (e.wire !== 2) continue;
      if (e.field === 1) key = await pf.text(e.pos, e.len);
      if (e.field === 2) value = await pf.text(e.pos, e.len);
    }
    if (key === 'location') location = value;
  }
  if (isExternal && location) external.add(location);
}

/** ValueInfoProto: name (1), type (2) → tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1) | dim_param (2). */
async function readValue(pf: ProtoFile, v: ProtoField): Promise<OnnxValue> {
  const out: OnnxValue = { name: '', type: 'unknown' };
  for await (const f of pf.fields(v.pos, v.pos + v.len)) {
    if (f.field === 1 && f.wire === 2) out.name = await pf.text(f.pos, f.len);
    if (f.field !== 2 || f.wire !== 2) continue;
    for await (const tt of pf.fields(f.pos, f.pos + f.len)) {
      if (tt.field !== 1 || tt.wire !== 2) continue;
      for await (const t of pf.fields(tt.pos, tt.pos + tt.len)) {
        if (t.field === 1 && t.wire === 0) out.type = ELEM_TYPES[Number(t.value)] ?? `type ${t.value}`;
        if (t.field === 2 && t.wire === 2) out.shape = await readShape(pf, t);
      }
    }
  }
  return out;
}

async function readShape(pf: ProtoFile, s: ProtoField): Promise<(number | string)[]> {
  const dims: (number | string)[] = [];
  for await (const d of pf.fields(s.pos, s.pos + s.len)) {
    if (d.field !== 1 || d.wire !== 2) continue;
    let dim: number | string = '?';
    for await (const x of pf.fields(d.pos, d.pos + d.len)) {
      if (x.field === 1 && x.wire === 0) dim = Number(x.value);
      if (x.field === 2 && x.wire === 2) dim = await pf.text(x.pos, x.len);
    }
    dims.push(dim);
  }
  return dims;
}
