import path from 'node:path';
import * as ort from 'onnxruntime-node';

/**
 * The baseline heldout's generation is measured against: a minimal greedy loop straight on
 * onnxruntime-node. Left padding, positions from the mask, the KV cache fed back as is; the
 * batch keeps finished rows (they just stop counting) until every row is done.
 */
export class HandwrittenGreedy {
  private constructor(
    readonly session: ort.InferenceSession,
    private readonly pastNames: string[],
    private readonly kv: { heads: number; headDim: number },
    private readonly keepsLogits: boolean,
  ) {}

  static async open(modelDir: string, threads: number): Promise<HandwrittenGreedy> {
    const session = await ort.InferenceSession.create(path.join(modelDir, 'onnx', 'model.onnx'), {
      intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionProviders: ['cpu'],
    });
    const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    const meta = session.inputMetadata.find((m) => m.name === pastNames[0]);
    const shape = meta && 'shape' in meta ? meta.shape : [];
    const [, heads, , headDim] = shape;
    if (typeof heads !== 'number' || typeof headDim !== 'number') throw new Error(`cannot read the KV shape of ${modelDir}`);
    return new HandwrittenGreedy(session, pastNames, { heads, headDim }, session.inputNames.includes('num_logits_to_keep'));
  }

  /** Greedy tokens per prompt, each cut before its first EOS. */
  async generate(prompts: number[][], maxNewTokens: number, eos: Set<number>, padId: number): Promise<number[][]> {
    const batch = prompts.length;
    const width = Math.max(...prompts.map((p) => p.length));
    const ids: number[] = [];
    const mask: number[] = [];
    const positions: number[] = [];
    for (const p of prompts) {
      const pad = width - p.length;
      for (let i = 0; i < width; i++) {
        ids.push(i < pad ? padId : p[i - pad]!);
        mask.push(i < pad ? 0 : 1);
        positions.push(i < pad ? 0 : i - pad);
      }
    }
    let feeds: Record<string, ort.Tensor> = {
      input_ids: int64(ids, [batch, width]),
      attention_mask: int64(mask, [batch, width]),
      position_ids: int64(positions, [batch, width]),
    };
    for (const name of this.pastNames) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [batch, this.kv.heads, 0, this.kv.headDim]);
    const out: number[][] = prompts.map(() => []);
    const done = prompts.map(() => false);
    const next = prompts.map((p) => p.length);
    let total = width;
    for (let step = 0; step < maxNewTokens; step++) {
      if (this.keepsLogits) feeds['num_logits_to_keep'] = new ort.Tensor('int64', BigInt64Array.of(1n), []);
      const res = await this.session.run(feeds);
      const logits = res['logits']!;
      const [, seq, vocab] = logits.dims as [number, number, number];
      const data = logits.data as Float32Array;
      const tokens: number[] = [];
      for (let b = 0; b < batch; b++) {
        const token = argmax(data, (b * seq + seq - 1) * vocab, vocab);
        tokens.push(token);
        if (done[b]) continue;
        if (eos.has(token)) done[b] = true;
        else out[b]!.push(token);
      }
      if (done.every(Boolean)) break;
      total += 1;
      feeds = {
        input_ids: int64(tokens, [batch, 1]),
        attention_mask: int64(maskRows(mask, batch, width, total), [batch, total]),
        position_ids: int64(next.map((n) => n + step), [batch, 1]),
      };
      for (const name of this.pastNames) feeds[name] = res[name.replace('past_key_values', 'present')]!;
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function int64(values: number[], dims: number[]): ort.Tensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  return new ort.Tensor('int64', data, dims);
}

/** The prompt mask of each row followed by ones for every generated position. */
function maskRows(promptMask: number[], batch: number, width: number, total: number): number[] {
  const rows: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < total; i++) rows.push(i < width ? promptMask[b * width + i]! : 1);
  }
  return rows;
}

function argmax(data: Float32Array, offset: number, n: number): number {
  let best = 0;
  let value = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[offset + i]!;
    if (v > value) { value = v; best = i; }
  }
  return best;
}
