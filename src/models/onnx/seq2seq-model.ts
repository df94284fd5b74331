import { sessionOptions } from './session-options.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { AutoModelForSeq2SeqLM, AutoTokenizer, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import type { FewShot } from '../fewshot.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, Model, ModelInfo, RequestPrompt } from '../types.js';
import { fingerprintFolder, inspectModelFolder } from './files.js';
import { choosePrompt, fitTokens } from './fit-prompt.js';
import { eosIdsOf, maxContextOf, textDecoder, useLocalFolder } from './model-config.js';
import { gatherSamples, inBatches, pickersFor } from './sample-rows.js';
import { generateSeq2Seq, type Seq2SeqRow } from './seq2seq-generate.js';
import { Seq2SeqLM } from './seq2seq-lm.js';
import { scoreTargets } from './seq2seq-score.js';
import { renderChat } from './text.js';

export interface Seq2SeqModelOptions {
  dtype?: string;
  threads?: number;
  batchSize?: number;
  /** Where transformers.js may cache hub downloads (unused for local folders). */
  cacheDir?: string;
}

/** Whether a model folder's config.json declares an encoder-decoder (loadModel routes it here). */
export function isEncoderDecoderFolder(dir: string): boolean {
  const file = path.join(dir, 'config.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { is_encoder_decoder?: unknown }).is_encoder_decoder === true;
  } catch {
    return false; // OnnxModel.load reports the broken file
  }
}

interface Prepared { ids: number[]; truncated: number; dropped: number }

/**
 * An encoder-decoder (T5-style) ONNX model in a local folder: `onnx/encoder_model.onnx` and
 * `onnx/decoder_model_merged.onnx`, driven through transformers.js.
 *
 * Continuations are scored as decoder targets, tokenized on their own (no join with the context:
 * a leading space is dropped) with the tokenizer's special tokens, as lm-evaluation-harness does for
 * seq2seq models. For T5 the post-processor appends `</s>`, so a choice's score includes ending
 * there, and `greedy` means greedy decoding yields exactly that answer and stops.
 */
export class Seq2SeqModel implements Model {
  private readonly lm: Seq2SeqLM;
  private readonly eosIds: Set<number>;
  private readonly padId: number;
  private readonly startId: number;
  private readonly batchSize: number;

  private constructor(
    readonly name: string,
    readonly info: ModelInfo,
    private readonly model: PreTrainedModel,
    private readonly tokenizer: PreTrainedTokenizer,
    config: Record<string, unknown>,
    opts: Seq2SeqModelOptions,
  ) {
    this.lm = new Seq2SeqLM(model);
    this.eosIds = eosIdsOf(config, tokenizer);
    this.padId = typeof config['pad_token_id'] === 'number' ? config['pad_token_id'] : tokenizer.pad_token_id ?? 0;
    this.startId = config['decoder_start_token_id'] as number;
    this.batchSize = opts.batchSize ?? 8;
  }

  static async load(name: string, dir: string, opts: Seq2SeqModelOptions = {}): Promise<Seq2SeqModel> {
    const abs = path.resolve(dir);
    const dtype = opts.dtype ?? 'fp32';
    const folder = await inspectModelFolder(abs, dtype);
    const config = folder.config;
    if (!folder.encoderDecoder) throw new ModelError(`${abs} is not an encoder-decoder model (config.json lacks is_encoder_decoder: true)`, { file: abs });
    if (typeof config['decoder_start_token_id'] !== 'number') {
      throw new ModelError(`${abs}/config.json has no decoder_start_token_id`, { file: abs, hint: 'add decoder_start_token_id (T5 uses its pad token, 0)' });
    }
    const id = useLocalFolder(abs, opts.cacheDir);
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(id, { local_files_only: true });
      const model = await AutoModelForSeq2SeqLM.from_pretrained(id, {
        local_files_only: true,
        dtype: dtype as 'fp32',
        session_options: sessionOptions(opts.threads ?? os.availableParallelism()),
      });
      const info: ModelInfo = {
        backend: 'onnx', source: abs, fingerprint: await fingerprintFolder(folder),
        trainedFamilies: folder.card?.trained_families,
        architecture: String(config['model_type'] ?? 'unknown'),
        maxContext: maxContextOf(config),
        hasChatTemplate: Boolean(tokenizer.chat_template),
        canScore: true,
        dtype,
      };
      return new Seq2SeqModel(name, info, model, tokenizer, config, opts);
    } catch (cause) {
      throw new ModelError(`cannot load the encoder-decoder model ${abs}: ${(cause as Error).message}`, {
        file: abs, cause,
        hint: 'check that it is a transformers.js seq2seq export (onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx)',
      });
    }
  }

  renderPrompt(prompt: RequestPrompt): string {
    if (prompt.kind === 'text') return prompt.text;
    return renderChat(this.tokenizer, prompt.messages, this.info.source);
  }

  private encode(prompt: RequestPrompt): number[] {
    return this.tokenizer.encode(this.renderPrompt(prompt), { add_special_tokens: prompt.kind === 'text' });
  }

  /** The encoder input: whole exemplars dropped first, then tokens from the left (the end, with `</s>`, stays). */
  private prepare(prompt: RequestPrompt, fewshot: FewShot | undefined): Prepared {
    const max = this.info.maxContext;
    const chosen = choosePrompt(prompt, fewshot, (p) => this.encode(p), (ids) => !max || ids.length <= max);
    return { ...fitTokens(chosen.measured, 0, max), dropped: chosen.dropped };
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    return inBatches(requests, this.batchSize, (chunk) => this.generateBatch(chunk));
  }

  private async generateBatch(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    const prepared = requests.map((r) => this.prepare(r.prompt, r.fewshot));
    const rows: Seq2SeqRow[] = requests.flatMap((r, source) => pickersFor(r).map((pick) => ({ source, maxNewTokens: r.maxNewTokens, stop: r.stop, pick })));
    const encoded = await this.lm.encode(prepared.map((p) => p.ids), this.padId);
    const decoded = await generateSeq2Seq(this.lm, encoded, rows, {
      eosIds: this.eosIds, startId: this.startId,
      decode: textDecoder(this.tokenizer),
    });
    return gatherSamples(requests, decoded).map((g, i) => ({
      ...g, promptTokens: prepared[i]!.ids.length, truncatedTokens: prepared[i]!.truncated, droppedShots: prepared[i]!.dropped,
    }));
  }

  async loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]> {
    const results: LoglikelihoodResult[] = [];
    for (const r of requests) {
      const context = this.prepare(r.context, r.fewshot);
      const targets = r.continuations.map((c) => this.tokenizer.encode(c.replace(/^\s+/u, ''), { add_special_tokens: true }));
      const encoded = await this.lm.encode([context.ids], this.padId);
      const scored = await scoreTargets(this.lm, encoded, targets, { start: this.startId, pad: this.padId });
      results.push({ ...scored, tokens: targets.map((t) => t.length), truncatedTokens: context.truncated, droppedShots: context.dropped });
    }
    return results;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
