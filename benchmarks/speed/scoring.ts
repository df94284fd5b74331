import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { type PreTrainedTokenizer } from '@huggingface/transformers';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { splitContinuation } from '../../src/models/onnx/text.js';
import type { LoglikelihoodRequest } from '../../src/models/types.js';
import { localTokenizer } from './local-files.js';
import { bestOfPieces, OutsideRunClock, type RatioLine } from './measure.js';
import type { ChoiceItem } from './prompts.js';

export interface ScoringOptions {
  modelDir: string;
  threads: number;
  items: ChoiceItem[];
  rounds: number;
}

/** (c) heldout's cached-context choice scoring vs one full forward per choice. */
export async function measureScoring(opts: ScoringOptions): Promise<RatioLine> {
  const model = await OnnxModel.load('bench', opts.modelDir, { threads: opts.threads });
  const tokenizer = await localTokenizer(opts.modelDir);
  const session = await ort.InferenceSession.create(path.join(opts.modelDir, 'onnx', 'model.onnx'), {
    intraOpNumThreads: opts.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionProviders: ['cpu'],
  });
  try {
    const requests: LoglikelihoodRequest[] = opts.items.map((it) => ({ context: { kind: 'text', text: it.context }, continuations: it.continuations }));
    const size = 8;
    const pieces = Math.ceil(requests.length / size);
    const cached: number[][] = [];
    const naive: number[][] = [];
    const runCached = async (p: number) => {
      const out = await model.loglikelihood(requests.slice(p * size, (p + 1) * size));
      out.forEach((r, i) => { cached[p * size + i] = r.logprobs; });
    };
    const runNaive = async (p: number) => {
      const out = await naiveScores(session, tokenizer, opts.items.slice(p * size, (p + 1) * size));
      out.forEach((r, i) => { naive[p * size + i] = r; });
    };
    await runCached(0);
    await runNaive(0);
    const clock = new OutsideRunClock();
    clock.track((model as unknown as { model: { sessions: Record<string, never> } }).model.sessions['model']!);
    clock.track(session as never);
    const piece = (p: number) => p;
    const t = await bestOfPieces(pieces, { cached: clock.wrap('cached', piece, runCached), naive: clock.wrap('naive', piece, runNaive) }, opts.rounds);
    let maxDelta = 0;
    cached.forEach((row, i) => row.forEach((lp, j) => { maxDelta = Math.max(maxDelta, Math.abs(lp - naive[i]![j]!)); }));
    const k = opts.items[0]?.continuations.length ?? 0;
    const tokens = opts.items.flatMap((it) => splitFor(tokenizer, it).continuations.map((c) => c.length));
    return {
      label: `(c) choice scoring, one forward per choice ÷ heldout cached context (max |Δ logprob| ${maxDelta.toExponential(1)}, ${maxDelta <= 1e-5 ? 'ok' : 'TOO LARGE'} ≤ 1e-5)`,
      ratio: t.naive / t.cached,
      goal: { op: '>=', value: 2 },
      detail: `${opts.items.length} items × ${k} choices (${Math.min(...tokens)}–${Math.max(...tokens)} tokens each), best of ${opts.rounds} per 8 items; heldout ${t.cached.toFixed(0)} ms `
        + `(${(clock.total('cached') / opts.items.length).toFixed(2)} ms/item outside session.run), naive ${t.naive.toFixed(0)} ms (${(clock.total('naive') / opts.items.length).toFixed(2)} ms/item outside)`,
    };
  } finally {
    await session.release();
    await model.dispose();
  }
}

function splitFor(tokenizer: PreTrainedTokenizer, item: ChoiceItem) {
  const eos = (tokenizer as unknown as { eos_token_id?: number }).eos_token_id ?? 0;
  return splitContinuation(item.context, item.continuations, (t) => tokenizer.encode(t), eos);
}

/** Summed log p(choice | context), one batch-1 forward over context + choice for every choice. */
async function naiveScores(session: ort.InferenceSession, tokenizer: PreTrainedTokenizer, items: ChoiceItem[]): Promise<number[][]> {
  const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  const meta = session.inputMetadata.find((m) => m.name === pastNames[0]);
  const [, heads, , headDim] = (meta && 'shape' in meta ? meta.shape : []) as number[];
  const keeps = session.inputNames.includes('num_logits_to_keep');
  const out: number[][] = [];
  for (const item of items) {
    const { context, continuations } = splitFor(tokenizer, item);
    const row: number[] = [];
    for (const cont of continuations) {
      const ids = [...context, ...cont];
      const n = ids.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, n]),
      };
      // the logits that predict the choice's tokens: positions L-1 … n-2 (the last cont.length + 1 kept)
      if (keeps) feeds['num_logits_to_keep'] = new ort.Tensor('int64', BigInt64Array.of(BigInt(cont.length + 1)), []);
      for (const name of pastNames) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, heads!, 0, headDim!]);
      const logits = (await session.run(feeds))['logits']!;
      const [, kept, vocab] = logits.dims as [number, number, number];
      const data = logits.data as Float32Array;
      const first = kept - cont.length - 1;
      let sum = 0;
      cont.forEach((token, p) => { sum += logSoftmax(data, (first + p) * vocab, vocab, token); });
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

function logSoftmax(data: Float32Array, offset: number, vocab: number, token: number): number {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) max = Math.max(max, data[offset + i]!);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(data[offset + i]! - max);
  return data[offset + token]! - max - Math.log(sum);
}
