import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline, type PreTrainedTokenizer, type TextGenerationPipeline } from '@huggingface/transformers';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { HandwrittenGreedy } from './handwritten-greedy.js';
import { localTokenizer, useLocalFolder } from './local-files.js';
import { bestOfPieces, OutsideRunClock, type RatioLine } from './measure.js';

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
/** A stop string that never occurs: heldout then checks stops after every token without ever stopping. */
const NEVER = '\u0000never';

function requests(prompts: string[], maxNewTokens: number, stop: string[]): GenerateRequest[] {
  return prompts.map((text) => ({ prompt: { kind: 'text', text }, maxNewTokens, stop, sampling: greedy }));
}

function batches<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** (a) heldout vs a hand-written onnxruntime loop, (b) heldout batched vs a per-item transformers.js pipeline. */
export async function measureGeneration(opts: GenerationOptions): Promise<RatioLine[]> {
  const model = await OnnxModel.load('bench', opts.modelDir, { threads: opts.threads, batchSize: opts.batchSize });
  const tokenizer = await localTokenizer(opts.modelDir);
  const hw = await HandwrittenGreedy.open(opts.modelDir, opts.threads);
  try {
    const { eos, pad } = specialIds(tokenizer, opts.modelDir);
    const decode = (ids: number[]) => (ids.length ? tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) : '');
    const parts = batches(opts.prompts, opts.batchSize);
    const heldoutTexts: string[][] = parts.map(() => []);
    const handTexts: string[][] = parts.map(() => []);
    const handTokens: number[][][] = parts.map(() => []);
    const runHeldout = async (p: number, stop: string[]) => {
      heldoutTexts[p] = (await model.generate(requests(parts[p]!, opts.maxNewTokens, stop))).map((r) => r.texts[0]!);
    };
    // text in, text out on both sides: tokenizing and decoding count for both
    const runHand = async (p: number) => {
      handTokens[p] = await hw.generate(parts[p]!.map((x) => tokenizer.encode(x)), opts.maxNewTokens, eos, pad);
      handTexts[p] = handTokens[p]!.map(decode);
    };
    // the same loop one row at a time: what onnxruntime itself gains from batching on this model and machine
    const runHandRows = async (p: number) => {
      for (const x of parts[p]!) decode((await hw.generate([tokenizer.encode(x)], opts.maxNewTokens, eos, pad))[0]!);
    };
    await runHeldout(0, []); // warm-up: the first runs of a session allocate
    await runHand(0);
    const clock = new OutsideRunClock();
    // the model's own session, inside transformers.js: a bench-only peek at a private field
    clock.track((model as unknown as { model: { sessions: Record<string, never> } }).model.sessions['model']!);
    clock.track(hw.session);
    const piece = (p: number) => p;
    const t = await bestOfPieces(parts.length, {
      heldout: clock.wrap('heldout', piece, (p: number) => runHeldout(p, [])),
      handwritten: clock.wrap('handwritten', piece, runHand),
      heldoutStop: clock.wrap('heldoutStop', piece, (p: number) => runHeldout(p, [NEVER])),
      handRows: runHandRows,
    }, opts.rounds);
    const usPerToken = (name: string) => ((clock.total(name) / Math.max(1, handTokens.flat().reduce((n, r) => n + r.length, 0))) * 1000).toFixed(0);
    const tokens = handTokens.flat().reduce((n, r) => n + r.length, 0);
    const same = handTexts.flat().filter((text, i) => text === heldoutTexts.flat()[i]).length;
    const tps = (ms: number) => (tokens / ms) * 1000;
    const lineA: RatioLine = {
      label: `(a) generation tokens/s, heldout OnnxModel.generate ÷ hand-written onnxruntime loop (same tokens: ${same}/${opts.prompts.length})`,
      ratio: t.handwritten / t.heldout,
      goal: { op: '>=', value: 0.95 },
      detail: `B=${opts.batchSize}, ${opts.prompts.length} prompts × ${opts.maxNewTokens} new tokens (EOS disabled), best of ${opts.rounds} per batch; heldout ${tps(t.heldout).toFixed(0)} tok/s, `
        + `hand-written ${tps(t.handwritten).toFixed(0)} tok/s; heldout with a stop string ${tps(t.heldoutStop).toFixed(0)} tok/s (${(t.heldoutStop / t.heldout).toFixed(2)}× its time); `
        + `JS outside session.run per token: heldout ${usPerToken('heldout')} µs, with a stop string ${usPerToken('heldoutStop')} µs, hand-written ${usPerToken('handwritten')} µs`,
    };
    const lineB = await measurePipeline(opts, model, heldoutTexts.flat(), t.handRows / t.handwritten);
    return [lineA, lineB];
  } finally {
    await hw.dispose();
    await model.dispose();
  }
}

/** `batchGain`: the hand-written loop's tokens/s with B rows ÷ one row at a time (onnxruntime's own gain from batching). */
async function measurePipeline(opts: GenerationOptions, model: OnnxModel, heldoutTexts: string[], batchGain: number): Promise<RatioLine> {
  const prompts = opts.prompts.slice(0, opts.pipelineItems);
  const pipe = (await pipeline('text-generation', useLocalFolder(opts.modelDir), {
    local_files_only: true, dtype: 'fp32', session_options: { intraOpNumThreads: opts.threads, interOpNumThreads: 1 },
  })) as TextGenerationPipeline;
  try {
    const parts = batches(prompts, opts.batchSize);
    const naiveTexts: string[][] = parts.map(() => []);
    const runNaive = async (p: number, maxNewTokens: number) => {
      const texts: string[] = [];
      for (const x of parts[p]!) {
        const out = (await pipe(x, { max_new_tokens: maxNewTokens, do_sample: false, return_full_text: false })) as { generated_text: string }[];
        texts.push(out[0]!.generated_text);
      }
      if (maxNewTokens === opts.maxNewTokens) naiveTexts[p] = texts;
    };
    const runHeldout = (p: number, maxNewTokens: number) => model.generate(requests(parts[p]!, maxNewTokens, []));
    await runNaive(0, opts.maxNewTokens);
    const rounds = Math.max(2, Math.ceil(opts.rounds / 2));
    // prefill + 1 token alone says how much of the gap is the prompt pass, which batching cannot shrink
    const t = await bestOfPieces(parts.length, {
      heldout: (p) => runHeldout(p, opts.maxNewTokens),
      naive: (p) => runNaive(p, opts.maxNewTokens),
      heldoutPrefill: (p) => runHeldout(p, 1),
      naivePrefill: (p) => runNaive(p, 1),
    }, rounds);
    const same = naiveTexts.flat().filter((x, i) => x === heldoutTexts[i]).length;
    const decodeRatio = (t.naive - t.naivePrefill) / Math.max(1e-9, t.heldout - t.heldoutPrefill);
    return {
      label: `(b) generation speed, heldout batched ÷ transformers.js pipeline once per item (same text: ${same}/${prompts.length})`,
      ratio: t.naive / t.heldout,
      goal: { op: '>=', value: 4 },
      detail: `B=${opts.batchSize}, ${prompts.length} prompts × ${opts.maxNewTokens} new tokens, best of ${rounds} per batch; heldout ${t.heldout.toFixed(0)} ms, pipeline loop ${t.naive.toFixed(0)} ms; `
        + `prompt pass + 1 token: ${(t.naivePrefill / t.heldoutPrefill).toFixed(2)}× (heldout ${t.heldoutPrefill.toFixed(0)} ms, pipeline ${t.naivePrefill.toFixed(0)} ms); the other ${opts.maxNewTokens - 1} tokens: ${decodeRatio.toFixed(2)}×; `
        + `onnxruntime's own gain from batching here: the hand-written loop makes ${batchGain.toFixed(2)}× the tokens/s with ${opts.batchSize} rows as one row at a time`,
    };
  } finally {
    await pipe.dispose();
  }
}

/** The same rule as OnnxModel: config eos ids plus the tokenizer's eos; pad = the tokenizer's pad, else eos. */
function specialIds(tokenizer: PreTrainedTokenizer, modelDir: string): { eos: Set<number>; pad: number } {
  const config = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const eos = new Set<number>();
  const add = (v: unknown) => { if (typeof v === 'number') eos.add(v); else if (Array.isArray(v)) v.forEach(add); };
  add(config['eos_token_id']);
  add((tokenizer as unknown as { eos_token_id?: number }).eos_token_id);
  return { eos, pad: tokenizer.pad_token_id ?? [...eos][0] ?? 0 };
}
