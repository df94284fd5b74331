import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForSeq2SeqLM } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult } from '../types.js';
import { decodeRows, type DecodeRow } from './generate-loop.js';
import { localFolder, LocalOnnxModel, openSessions, type FittedPrompt, type Opened, type OnnxModelOptions } from './local-model.js';
import { gatherSamples, pickersFor } from './sample-rows.js';
import { Seq2SeqLM } from './seq2seq-lm.js';
import { scoreTargets } from './seq2seq-score.js';
import { seq2seqStepper } from './seq2seq-stepper.js';
import { inPackedGroups } from './token-budget.js';

export type Seq2SeqModelOptions = OnnxModelOptions;

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

interface EncoderRow extends DecodeRow { prompt: FittedPrompt }

const LOAD_HINT = 'check that it is a transformers.js seq2seq export (onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx)';

/**
 * An encoder-decoder (T5-style) ONNX model in a local folder: `onnx/encoder_model.onnx` and
 * `onnx/decoder_model_merged.onnx`, driven through transformers.js.
 *
 * Continuations are scored as decoder targets, tokenized on their own (no join with the context:
 * a leading space is dropped) with the tokenizer's special tokens, as lm-evaluation-harness does for
 * seq2seq models. For T5 the post-processor appends `</s>`, so a choice's score includes ending
 * there, and `greedy` means greedy decoding yields exactly that answer and stops.
 */
export class Seq2SeqModel extends LocalOnnxModel {
  private readonly lm: Seq2SeqLM;
  private readonly padId: number;
  private readonly startId: number;

  private constructor(name: string, opened: Opened, opts: Seq2SeqModelOptions) {
    super(name, opened, opts);
    this.lm = new Seq2SeqLM(opened.model);
    const pad = opened.config['pad_token_id'];
    this.padId = typeof pad === 'number' ? pad : opened.tokenizer.pad_token_id ?? 0;
    this.startId = opened.config['decoder_start_token_id'] as number;
  }

  static async load(name: string, dir: string, opts: Seq2SeqModelOptions = {}): Promise<Seq2SeqModel> {
    const { folder, id, identity } = await localFolder(dir, opts);
    const abs = folder.dir;
    if (!folder.encoderDecoder) throw new ModelError(`${abs} is not an encoder-decoder model (config.json lacks is_encoder_decoder: true)`, { file: abs });
    if (typeof folder.config['decoder_start_token_id'] !== 'number') {
      throw new ModelError(`${abs}/config.json has no decoder_start_token_id`, { file: abs, hint: 'add decoder_start_token_id (T5 uses its pad token, 0)' });
    }
    const opened = await openSessions(AutoModelForSeq2SeqLM, id, folder.config, identity, opts, { localOnly: true, hint: LOAD_HINT, files: folder.files.loadOptions });
    return new Seq2SeqModel(name, opened, opts);
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    const fitted = requests.map((r) => this.fitPrompt(r.prompt, r.fewshot, 0));
    const rows: EncoderRow[] = requests.flatMap((r, i) => pickersFor(r).map((pick) => ({ prompt: fitted[i]!, pick, maxNewTokens: r.maxNewTokens, stop: r.stop })));
    // the encoder reads rows × prompt positions; the decoder cache grows to rows × answer positions
    const cost = (g: EncoderRow[]) => g.length * (g[0]!.prompt.ids.length + Math.max(...g.map((r) => r.maxNewTokens)));
    const decoded = await inPackedGroups(rows, (r) => r.prompt.ids.length, cost, { max: this.maxBatchTokens, maxRows: this.batchSize }, async (group) => {
      const encoded = await this.lm.encode(group.map((r) => r.prompt.ids), this.padId);
      return decodeRows(group, seq2seqStepper(this.lm, encoded, group.map((_, i) => i), this.startId), { eosIds: this.eosIds, decode: this.decodeText });
    });
    return gatherSamples(requests, decoded).map((g, i) => ({
      ...g, promptTokens: fitted[i]!.ids.length, truncatedTokens: fitted[i]!.truncated, droppedShots: fitted[i]!.dropped,
    }));
  }

  async loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]> {
    const results: LoglikelihoodResult[] = [];
    for (const r of requests) {
      const context = this.fitPrompt(r.context, r.fewshot, 0);
      const targets = r.continuations.map((c) => this.tokenizer.encode(c.replace(/^\s+/u, ''), { add_special_tokens: true }));
      const encoded = await this.lm.encode([context.ids], this.padId);
      const scored = await scoreTargets(this.lm, encoded, targets, { start: this.startId, pad: this.padId });
      results.push({ ...scored, tokens: targets.map((t) => t.length), truncatedTokens: context.truncated, droppedShots: context.dropped });
    }
    return results;
  }
}
