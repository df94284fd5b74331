import path from 'node:path';
import os from 'node:os';
import { sessionOptions } from './session-options.js';
import { createHash } from 'node:crypto';
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import { heldoutCacheDir } from '../../runner/cache-dir.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, Model, ModelInfo, RequestPrompt } from '../types.js';
import { CausalLM } from './causal-lm.js';
import { fingerprintFolder, inspectModelFolder } from './files.js';
import { generateLoop } from './generate-loop.js';
import { gatherSamples, inBatches, pickersFor } from './sample-rows.js';
import { scoreGroups, type ScoreGroup } from './score.js';
import { choosePrompt, fitTokens } from './fit-prompt.js';
import { eosIdsOf, maxContextOf, textDecoder, useLocalFolder } from './model-config.js';
import { renderChat, splitContinuation } from './text.js';

export interface OnnxModelOptions {
  dtype?: string;
  threads?: number;
  batchSize?: number;
  /** Where transformers.js may cache hub downloads (unused for local folders). */
  cacheDir?: string;
}

/** A decoder-only ONNX model in a local folder, driven through transformers.js. */
export class OnnxModel implements Model {
  private readonly lm: CausalLM;
  private readonly eosIds: Set<number>;
  private readonly padId: number;
  private readonly batchSize: number;

  private constructor(
    readonly name: string,
    readonly info: ModelInfo,
    private readonly model: PreTrainedModel,
    private readonly tokenizer: PreTrainedTokenizer,
    config: Record<string, unknown>,
    opts: OnnxModelOptions,
  ) {
    this.lm = new CausalLM(model, config);
    this.eosIds = eosIdsOf(config, tokenizer);
    this.padId = tokenizer.pad_token_id ?? [...this.eosIds][0] ?? 0;
    this.batchSize = opts.batchSize ?? 8;
  }

  static async load(name: string, dir: string, opts: OnnxModelOptions = {}): Promise<OnnxModel> {
    const abs = path.resolve(dir);
    const dtype = opts.dtype ?? 'fp32';
    const folder = await inspectModelFolder(abs, dtype);
    if (folder.encoderDecoder) throw new ModelError(`${abs} is an encoder-decoder model; load it with Seq2SeqModel.load (loadModel routes such folders there)`, { file: abs });
    const id = useLocalFolder(abs, opts.cacheDir);
    const identity = { source: abs, fingerprint: await fingerprintFolder(folder), trainedFamilies: folder.card?.trained_families };
    return OnnxModel.open(name, id, folder.config, identity, { ...opts, dtype }, true);
  }

  /** A hub id, downloaded into the heldout cache: only when the user names one and the machine is online. */
  static async loadHub(name: string, id: string, opts: OnnxModelOptions = {}): Promise<OnnxModel> {
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    env.cacheDir = opts.cacheDir ?? path.join(heldoutCacheDir(), 'hub');
    let config: Record<string, unknown>;
    try {
      config = (await AutoConfig.from_pretrained(id)) as unknown as Record<string, unknown>;
    } catch (cause) {
      throw new ModelError(`cannot fetch ${id} from the hub: ${(cause as Error).message}`, {
        hint: 'check the id and the network, or export the model to a local folder and pass its path', cause,
      });
    }
    const fingerprint = `sha256:${createHash('sha256').update(id).update(JSON.stringify(config)).digest('hex').slice(0, 32)}`;
    return OnnxModel.open(name, id, config, { source: id, fingerprint }, opts, false);
  }

  private static async open(
    name: string, id: string, config: Record<string, unknown>,
    identity: { source: string; fingerprint: string; trainedFamilies?: string[] }, opts: OnnxModelOptions, localOnly: boolean,
  ): Promise<OnnxModel> {
    const dtype = opts.dtype ?? 'fp32';
    const threads = opts.threads ?? os.availableParallelism();
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(id, { local_files_only: localOnly });
      const model = await AutoModelForCausalLM.from_pretrained(id, {
        local_files_only: localOnly,
        dtype: dtype as 'fp32',
        session_options: sessionOptions(threads),
      });
      const info: ModelInfo = {
        backend: 'onnx', ...identity,
        architecture: String(config['model_type'] ?? 'unknown'),
        maxContext: maxContextOf(config),
        hasChatTemplate: Boolean(tokenizer.chat_template),
        canScore: true,
        dtype,
      };
      return new OnnxModel(name, info, model, tokenizer, config, opts);
    } catch (cause) {
      if (cause instanceof ModelError) throw cause;
      throw new ModelError(`cannot load the model ${identity.source}: ${(cause as Error).message}`, {
        file: identity.source,
        hint: 'check that it is a transformers.js export (config.json, tokenizer files, onnx/model.onnx)',
        cause,
      });
    }
  }

  renderPrompt(prompt: RequestPrompt): string {
    if (prompt.kind === 'text') return prompt.text;
    return renderChat(this.tokenizer, prompt.messages, this.info.source);
  }

  private encode(prompt: RequestPrompt): number[] {
    const text = this.renderPrompt(prompt);
    return this.tokenizer.encode(text, { add_special_tokens: prompt.kind === 'text' });
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    return inBatches(requests, this.batchSize, (chunk) => this.generateBatch(chunk));
  }

  private async generateBatch(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    const encoded = requests.map((r) => {
      const max = this.info.maxContext;
      const chosen = choosePrompt(r.prompt, r.fewshot, (p) => this.encode(p), (ids) => !max || ids.length + r.maxNewTokens <= max);
      return { ...fitTokens(chosen.measured, r.maxNewTokens, max), dropped: chosen.dropped };
    });
    const rows = requests.flatMap((r, i) => pickersFor(r).map((pick) => ({ ids: encoded[i]!.ids, pick })));
    const maxNewTokens = Math.max(...requests.map((r) => r.maxNewTokens));
    const stop = requests[0]!.stop;
    const sameSettings = requests.every((r) => r.maxNewTokens === maxNewTokens && sameList(r.stop, stop));
    if (!sameSettings) {
      const out: GenerateResult[] = [];
      for (const r of requests) out.push(...(await this.generateBatch([r])));
      return out;
    }
    const decoded = await generateLoop(this.lm, rows, {
      maxNewTokens, stop, eosIds: this.eosIds, padId: this.padId,
      decode: textDecoder(this.tokenizer),
    });
    return gatherSamples(requests, decoded).map((g, i) => ({
      ...g, promptTokens: encoded[i]!.ids.length, truncatedTokens: encoded[i]!.truncated, droppedShots: encoded[i]!.dropped,
    }));
  }

  async loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]> {
    const prepared = requests.map((r) => this.prepareScoring(r));
    const results: LoglikelihoodResult[] = [];
    for (let i = 0; i < prepared.length; i += this.batchSize) {
      const chunk = prepared.slice(i, i + this.batchSize);
      const scored = await scoreGroups(this.lm, chunk.map((p) => p.group), this.padId);
      results.push(...scored.map((s, k) => ({ ...s, droppedShots: chunk[k]!.dropped })));
    }
    return results;
  }

  /** Tokens of one choice item: exemplars dropped first, then context tokens from the left, to fit. */
  private prepareScoring(r: LoglikelihoodRequest): { group: ScoreGroup; dropped: number } {
    const split = (p: RequestPrompt) => splitContinuation(this.renderPrompt(p), r.continuations,
      (t) => this.tokenizer.encode(t, { add_special_tokens: p.kind === 'text' }), [...this.eosIds][0] ?? 0);
    const max = this.info.maxContext;
    const size = (s: ReturnType<typeof split>) => s.context.length + Math.max(...s.continuations.map((c) => c.length));
    const chosen = choosePrompt(r.context, r.fewshot, split, (s) => !max || size(s) <= max);
    const parts = chosen.measured;
    const fitted = fitTokens(parts.context, Math.max(...parts.continuations.map((c) => c.length)), max);
    return { group: { context: fitted.ids, continuations: parts.continuations, truncatedTokens: fitted.truncated }, dropped: chosen.dropped };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
