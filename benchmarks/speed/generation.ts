import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, pipeline, type PreTrainedTokenizer, type TextGenerationPipeline } from '@huggingface/transformers';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { HandwrittenGreedy } from './handwritten-greedy.js';
import { bestOfInterleaved, type RatioLine } from './measure.js';

export interface GenerationOptions {
  modelDir: string;
  threads: number;
  batchSize: number;
  prompts: string[];
  maxNewTokens: number;
  rounds: number;
  /** How many of the prompts the per-item pipeline loop answers (it is slow). */
  pipelineItems: number;
}

const greedy = { temperature: 0, topP: 1, n: 1, seed: 0 };

function requests(prompts: string[], maxNewTokens: number, stop: string[]): GenerateRequest[] {
  return prompts.map((text) => ({ prompt: { kind: 'text', text }, maxNewTokens, stop, sampling: greedy }));
}

/** (a) heldout vs a hand-written onnxruntime loop, (b) heldout batched vs a per-item transformers.js pipeline. */
export async function measureGeneration(opts: GenerationOptions): Promise<RatioLine[]> {
  const model = await OnnxModel.load('bench', opts.modelDir, { threads: opts.threads, batchSize: opts.batchSize });
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(opts.modelDir), { local_files_only: true });
  const hw = await HandwrittenGreedy.open(opts.modelDir, opts.threads);
  try {
    const { eos, pad } = specialIds(tokenizer, opts.modelDir);
    const decode = (ids: number[]) => (ids.length ? tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) : '');
    let handTexts: string[] = [];
    const heldoutTexts: string[] = [];
    const handTokens: number[][] = [];
    const runHeldout = async (stop: string[]) => {
      const out = await model.generate(requests(opts.prompts, opts.maxNewTokens, stop));
      heldoutTexts.splice(0, Infinity, ...out.map((r) => r.texts[0]!));
    };
    // text in, text out on both sides: tokenizing and decoding count for both
    const runHand = async () => {
      handTokens.length = 0;
      for (let i = 0; i < opts.prompts.length; i += opts.batchSize) {
        const encoded = opts.prompts.slice(i, i + opts.batchSize).map((p) => tokenizer.encode(p));
        handTokens.push(...(await hw.generate(encoded, opts.maxNewTokens, eos, pad)));
      }
      handTexts = handTokens.map(decode);
    };
    await runHeldout([]); // warm-up: first session runs allocate
    await runHand();
    const t = await bestOfInterleaved({ heldout: () => runHeldout([]), handwritten: runHand, heldoutStop: () => runHeldout(['\u0000never']) }, opts.rounds);
    const tokens = handTokens.reduce((n, r) => n + r.length, 0);
    const same = handTexts.filter((text, i) => text === heldoutTexts[i]).length;
    const tps = (ms: number) => (tokens / ms) * 1000;
    const lineA: RatioLine = {
      label: `(a) generation tokens/s, heldout OnnxModel.generate ÷ hand-written onnxruntime loop (same tokens: ${same}/${handTokens.length})`,
      ratio: t.handwritten / t.heldout,
      goal: { op: '>=', value: 0.95 },
      detail: `B=${opts.batchSize}, ${opts.prompts.length} prompts, ≤${opts.maxNewTokens} new tokens, ${tokens} tokens; heldout ${tps(t.heldout).toFixed(0)} tok/s, hand-written ${tps(t.handwritten).toFixed(0)} tok/s; `
        + `with a stop string heldout ${tps(t.heldoutStop).toFixed(0)} tok/s (${(t.heldoutStop / t.heldout).toFixed(2)}× the time)`,
    };
    const lineB = await measurePipeline(opts, model, heldoutTexts);
    return [lineA, lineB];
  } finally {
    await hw.dispose();
    await model.dispose();
  }
}

async function measurePipeline(opts: GenerationOptions, model: OnnxModel, heldoutTexts: string[]): Promise<RatioLine> {
  const prompts = opts.prompts.slice(0, opts.pipelineItems);
  const pipe = (await pipeline('text-generation', path.basename(opts.modelDir), {
    local_files_only: true, dtype: 'fp32', session_options: { intraOpNumThreads: opts.threads, interOpNumThreads: 1 },
  })) as TextGenerationPipeline;
  try {
    const naiveTexts: string[] = [];
    const runNaive = async () => {
      naiveTexts.length = 0;
      for (const p of prompts) {
        const out = (await pipe(p, { max_new_tokens: opts.maxNewTokens, do_sample: false, return_full_text: false })) as { generated_text: string }[];
        naiveTexts.push(out[0]!.generated_text);
      }
    };
    await runNaive();
    const t = await bestOfInterleaved({ heldout: () => model.generate(requests(prompts, opts.maxNewTokens, [])), naive: runNaive }, Math.max(1, opts.rounds - 1));
    const same = naiveTexts.filter((x, i) => x === heldoutTexts[i]).length;
    return {
      label: `(b) generation speed, heldout batched ÷ transformers.js pipeline once per item (same text: ${same}/${prompts.length})`,
      ratio: t.naive / t.heldout,
      goal: { op: '>=', value: 4 },
      detail: `B=${opts.batchSize}, ${prompts.length} prompts, ≤${opts.maxNewTokens} new tokens; heldout ${t.heldout.toFixed(0)} ms, pipeline loop ${t.naive.toFixed(0)} ms`,
    };
  } finally {
    await pipe.dispose();
  }
}

function specialIds(tokenizer: PreTrainedTokenizer, modelDir: string): { eos: Set<number>; pad: number } {
  // the same rule as OnnxModel: config eos ids plus the tokenizer's eos; pad = the tokenizer's pad, else eos
  const config = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const eos = new Set<number>();
  const add = (v: unknown) => { if (typeof v === 'number') eos.add(v); else if (Array.isArray(v)) v.forEach(add); };
  add(config['eos_token_id']);
  add((tokenizer as unknown as { eos_token_id?: number }).eos_token_id);
  return { eos, pad: tokenizer.pad_token_id ?? [...eos][0] ?? 0 };
}

