import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import type { FewShot } from '../fewshot.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, Model, ModelInfo, RequestPrompt } from '../types.js';
import { checkDrivable, fingerprintFolder, inspectModelFolder, type ModelFiles, type ModelFolder } from './files.js';
import { choosePrompt, fitTokens } from './fit-prompt.js';
import { eosIdsOf, generationConfigOf, maxContextOf, textDecoder, useLocalFolder } from './model-config.js';
import { withGraph } from './graph-override.js';
import type { KeptGraph } from './keep-logits.js';
import { sessionOptions } from './session-options.js';
import { thinkingTags } from '../thinking.js';
import { adoptChatTemplate, encodeText, renderChat } from './text.js';
import { DEFAULT_MAX_BATCH_TOKENS } from './token-budget.js';

export interface OnnxModelOptions {
  dtype?: string;
  threads?: number;
  /** Most rows decoded together. */
  batchSize?: number;
  /** Token budget of one forward (see token-budget.ts). */
  maxBatchTokens?: number;
  /** Where transformers.js may cache hub downloads (unused for local folders). */
  cacheDir?: string;
}

/** What a loaded model is: its identity plus what the loader read. */
export interface Identity { source: string; fingerprint: string; trainedFamilies?: string[] }

/** The transformers.js auto class that builds the sessions (AutoModelForCausalLM, AutoModelForSeq2SeqLM). */
export interface AutoModelClass {
  from_pretrained(id: string, options: Record<string, unknown>): Promise<PreTrainedModel>;
}

export interface Opened {
  model: PreTrainedModel;
  tokenizer: PreTrainedTokenizer;
  config: Record<string, unknown>;
  info: ModelInfo;
}

/** A local folder, checked before transformers.js sees it, and pointed at offline. */
export async function localFolder(dir: string, opts: OnnxModelOptions): Promise<{ folder: ModelFolder; id: string; identity: Identity }> {
  const abs = path.resolve(dir);
  const folder = await inspectModelFolder(abs, opts.dtype ?? 'fp32');
  checkDrivable(folder);
  const id = useLocalFolder(abs, opts.cacheDir);
  return { folder, id, identity: { source: abs, fingerprint: await fingerprintFolder(folder), trainedFamilies: folder.card?.trained_families } };
}

/** Tokenizer and sessions of a model id (a local folder's name, or a hub id), with heldout's session options. */
export async function openSessions(
  auto: AutoModelClass, id: string, config: Record<string, unknown>, identity: Identity, opts: OnnxModelOptions,
  load: { localOnly: boolean; hint: string; files?: ModelFiles['loadOptions']; graph?: KeptGraph },
): Promise<Opened> {
  const dtype = opts.dtype ?? 'fp32';
  const options = await sessionOptions(opts.threads ?? os.availableParallelism(), config);
  const tokenizer = await openTokenizer(id, identity.source, load.localOnly);
  try {
    if (load.localOnly) adoptChatTemplate(tokenizer, identity.source);
    const open = () => auto.from_pretrained(id, {
      ...load.files,
      local_files_only: load.localOnly,
      dtype,
      session_options: options,
    });
    const model = load.graph ? await withGraph(load.graph, open) : await open();
    const info: ModelInfo = {
      backend: 'onnx', ...identity,
      architecture: String(config['model_type'] ?? 'unknown'),
      maxContext: maxContextOf(config),
      hasChatTemplate: Boolean(tokenizer.chat_template),
      thinking: thinkingTags(tokenizer.chat_template),
      canScore: true,
      dtype,
    };
    return { model, tokenizer, config, info };
  } catch (cause) {
    if (cause instanceof ModelError) throw cause;
    throw new ModelError(`cannot load the model ${identity.source}: ${(cause as Error).message}`, { file: identity.source, hint: load.hint, cause });
  }
}

/** The tokenizer first, so that a broken tokenizer file is named as such, not as a model that failed to load. */
async function openTokenizer(id: string, source: string, localOnly: boolean): Promise<PreTrainedTokenizer> {
  try {
    return await AutoTokenizer.from_pretrained(id, { local_files_only: localOnly });
  } catch (cause) {
    if (!localOnly) throw new ModelError(`cannot load the tokenizer of ${source}: ${(cause as Error).message}`, { hint: 'check the id and the network', cause });
    const file = path.join(source, 'tokenizer.json');
    throw new ModelError(`cannot read the tokenizer of ${source} (${file}): ${(cause as Error).message}`, {
      file, hint: 'save tokenizer.json and tokenizer_config.json again, from the same tokenizer (the file is damaged, or not what transformers.js reads)', cause,
    });
  }
}

/** tailForContext: tokens of margin past the context, and a generous bound on characters per token. */
const TAIL_MARGIN_TOKENS = 64;
const TAIL_CHARS_PER_TOKEN = 32;

export interface FittedPrompt { ids: number[]; truncated: number; dropped: number }

/**
 * What both ONNX backends share once loaded: prompt rendering and encoding, fitting a prompt to
 * the context (whole exemplars first, then tokens from the left), special ids, disposal.
 */
export abstract class LocalOnnxModel implements Model {
  protected readonly eosIds: Set<number>;
  protected readonly batchSize: number;
  protected readonly maxBatchTokens: number;
  protected readonly decodeText: (ids: number[]) => string;
  protected readonly model: PreTrainedModel;
  protected readonly tokenizer: PreTrainedTokenizer;
  readonly info: ModelInfo;

  protected constructor(readonly name: string, opened: Opened, opts: OnnxModelOptions) {
    this.model = opened.model;
    this.tokenizer = opened.tokenizer;
    this.info = opened.info;
    this.eosIds = eosIdsOf(opened.config, opened.tokenizer, generationConfigOf(opened.model));
    this.batchSize = opts.batchSize ?? 8;
    this.maxBatchTokens = opts.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS;
    this.decodeText = textDecoder(opened.tokenizer);
  }

  abstract generate(requests: GenerateRequest[]): Promise<GenerateResult[]>;
  abstract loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]>;

  renderPrompt(prompt: RequestPrompt): string {
    if (prompt.kind === 'text') return prompt.text;
    return renderChat(this.tokenizer, prompt, this.info.source, this.name);
  }

  protected encode(prompt: RequestPrompt): number[] {
    return encodeText(this.tokenizer, this.renderPrompt(prompt), prompt.kind === 'text');
  }

  /**
   * A rendered prompt far longer than the context can hold, cut to its last characters before it
   * is tokenized (tokenizing a 50 MB data line to keep 512 tokens took minutes per request): the
   * last (context + 64) × 32 characters, kept only when they still make more tokens than the
   * context holds, so the tokens kept after fitting are the same; else the text whole. `cut` is
   * the tokens the dropped characters would have made, estimated from the kept part's density.
   */
  protected tailForContext(text: string, addSpecialTokens: boolean): { text: string; cut: number } {
    const max = this.info.maxContext;
    if (!max) return { text, cut: 0 };
    const limit = (max + TAIL_MARGIN_TOKENS) * TAIL_CHARS_PER_TOKEN;
    if (text.length <= limit) return { text, cut: 0 };
    const tail = text.slice(text.length - limit);
    const ids = encodeText(this.tokenizer, tail, addSpecialTokens);
    if (ids.length < max + TAIL_MARGIN_TOKENS) return { text, cut: 0 };
    return { text: tail, cut: Math.round(((text.length - limit) * ids.length) / tail.length) };
  }

  /** The prompt's tokens with room for `reserve` more within the model's context. */
  protected fitPrompt(prompt: RequestPrompt, fewshot: FewShot | undefined, reserve: number): FittedPrompt {
    const max = this.info.maxContext;
    const measure = (p: RequestPrompt) => {
      const { text, cut } = this.tailForContext(this.renderPrompt(p), p.kind === 'text');
      return { ids: encodeText(this.tokenizer, text, p.kind === 'text'), cut };
    };
    const chosen = choosePrompt(prompt, fewshot, measure, ({ ids }) => !max || ids.length + reserve <= max);
    const fitted = fitTokens(chosen.measured.ids, reserve, max);
    return { ids: fitted.ids, truncated: fitted.truncated + chosen.measured.cut, dropped: chosen.dropped };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
