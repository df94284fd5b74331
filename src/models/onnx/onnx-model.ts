import path from 'node:path';
import { createHash } from 'node:crypto';
import { AutoConfig, AutoModelForCausalLM, env, type PreTrainedModel } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import { heldoutCacheDir } from '../../runner/cache-dir.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, RequestPrompt } from '../types.js';
import { CausalLM } from './causal-lm.js';
import { generateCausal, type PromptRow } from './causal-generate.js';
import { choosePrompt, fitTokens } from './fit-prompt.js';
import { localFolder, LocalOnnxModel, openSessions, type Identity, type Opened, type OnnxModelOptions } from './local-model.js';
import { gatherSamples, pickersFor } from './sample-rows.js';
import { scoreGroups, type ScoreGroup } from './score.js';
import { KEEP_INPUT, keepLogitsGraph, keepLogitsWanted, type KeptGraph } from './keep-logits.js';
import { encodeText, splitContinuation } from './text.js';
import { opensThinking } from '../thinking.js';
import type { ModelFiles } from './files.js';
import { MIN_SHARED_PREFIX, type PrefillOptions } from './prefill.js';
import { forwardCost, inPackedGroups, type TokenBudget } from './token-budget.js';

export type { OnnxModelOptions } from './local-model.js';

const LOAD_HINT = 'check that it is a transformers.js export (config.json, tokenizer files, onnx/model.onnx)';

/**
 * A decoder-only ONNX model (a local folder or a hub id), driven through transformers.js. Both
 * methods take any number of requests and pack them into forwards within the token budget.
 */
export class OnnxModel extends LocalOnnxModel {
  private readonly lm: CausalLM;
  private readonly padId: number;
  readonly budget: TokenBudget;
  private readonly prefillOptions: PrefillOptions;

  private constructor(name: string, opened: Opened, opts: OnnxModelOptions & { fullLogits?: boolean; sharePrefixes?: boolean }) {
    super(name, opened, opts);
    this.lm = new CausalLM(opened.model, opened.config, { fullLogits: opts.fullLogits });
    this.padId = opened.tokenizer.pad_token_id ?? [...this.eosIds][0] ?? 0;
    this.budget = { maxTokens: this.maxBatchTokens, vocab: vocabOf(opened.config, opened.model), fullLogits: !this.lm.keepsLogits };
    this.prefillOptions = { sharePrefixes: opts.sharePrefixes ?? true };
  }

  /**
   * `fullLogits` (tests and benches): ask for every position's logits even when the model could keep fewer.
   * `sharePrefixes: false` (tests and benches): read every prompt whole, even where prompts share a prefix.
   */
  static async load(name: string, dir: string, opts: OnnxModelOptions & { fullLogits?: boolean; sharePrefixes?: boolean } = {}): Promise<OnnxModel> {
    const { folder, id, identity } = await localFolder(dir, opts);
    if (folder.encoderDecoder) throw new ModelError(`${folder.dir} is an encoder-decoder model; load it with Seq2SeqModel.load (loadModel routes such folders there)`, { file: folder.dir });
    const decoder = folder.files.sessions[0]!;
    // the summary read with the folder says when the graph keeps logits already: no need to index it
    const declares = decoder.summary.inputs.some((i) => i.name === KEEP_INPUT);
    const kept = keepLogitsWanted() && !opts.fullLogits && !declares
      ? await keepLogitsGraph(path.join(folder.dir, decoder.rel)).catch((e: Error) => ({ reason: e.message })) : null;
    if (kept && !('reason' in kept)) {
      const model = await OnnxModel.open(name, id, folder.config, identity, opts, true, folder.files.loadOptions, kept);
      if (await model.cutAgrees()) return model;
      await model.dispose();
    }
    return OnnxModel.open(name, id, folder.config, identity, opts, true, folder.files.loadOptions);
  }

  /**
   * A graph cut by keep-logits.ts gives the same last logits with num_logits_to_keep 1 as with
   * 0 (every position): checked once on a short prompt, and on two more tokens read from its
   * cache (a merged decoder cuts each branch), before the cut graph is used.
   */
  private async cutAgrees(): Promise<boolean> {
    const agree = (all: { logits: Float32Array; positions: number; vocab: number }, last: { logits: Float32Array; positions: number; vocab: number }) => {
      if (all.positions < 2 || last.positions !== 1 || all.vocab !== last.vocab) return false;
      const tail = all.logits.subarray((all.positions - 1) * all.vocab);
      return tail.every((v, i) => Math.abs(v - last.logits[i]!) <= 1e-5 * Math.max(1, Math.abs(v)));
    };
    try {
      const prompt = { ids: [[0, 1, 2]], mask: [[1, 1, 1]], positions: [[0, 1, 2]], past: null };
      const all = await this.lm.forward({ ...prompt, keepLast: 0 });
      const last = await this.lm.forward({ ...prompt, keepLast: 1, logitsOnly: true });
      const more = { ids: [[3, 4]], mask: [[1, 1, 1, 1, 1]], positions: [[3, 4]], past: all.past, logitsOnly: true };
      return agree(all, last) && agree(await this.lm.forward({ ...more, keepLast: 0 }), await this.lm.forward({ ...more, keepLast: 1 }));
    } catch {
      return false;
    }
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
    name: string, id: string, config: Record<string, unknown>, identity: Identity, opts: OnnxModelOptions & { fullLogits?: boolean; sharePrefixes?: boolean }, localOnly: boolean,
    files?: ModelFiles['loadOptions'], graph?: KeptGraph,
  ): Promise<OnnxModel> {
    const opened = await openSessions(AutoModelForCausalLM, id, config, identity, opts, { localOnly, hint: LOAD_HINT, files, graph });
    return new OnnxModel(name, opened, opts);
  }

  /**
   * Prompts decoded or scored together. A graph without a position_ids input numbers positions
   * from its cache length, which left padding would shift: such a model reads one prompt at a time.
   */
  private get promptsPerGroup(): number {
    return this.lm.derivesPositions ? 1 : this.batchSize;
  }

  /** Prompts that start alike go in one group, where prefill reads their shared prefix once. */
  private sharedStart<T>(ids: (item: T) => number[]): ((item: T) => string) | undefined {
    if (this.prefillOptions.sharePrefixes === false) return undefined;
    return (item) => {
      const row = ids(item);
      return row.length > MIN_SHARED_PREFIX ? row.slice(0, MIN_SHARED_PREFIX).join(',') : `#${row.join(',')}`;
    };
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    const fitted = requests.map((r) => this.fitPrompt(r.prompt, r.fewshot, r.maxNewTokens));
    const rows: PromptRow[] = requests.flatMap((r, i) => {
      const openThinking = r.thinking ? opensThinking(this.renderPrompt(r.prompt), r.thinking) : false;
      return pickersFor(r).map((pick) => ({ ids: fitted[i]!.ids, pick, maxNewTokens: r.maxNewTokens, stop: r.stop, thinking: r.thinking, openThinking }));
    });
    // a group's cache holds rows × (prompt + answer) positions; each step returns rows × vocab logits
    const cost = (g: PromptRow[]) => Math.max(g.length * (Math.max(...g.map((r) => r.ids.length)) + Math.max(...g.map((r) => r.maxNewTokens))), forwardCost(this.budget, g.length, 1, 1));
    const decoded = await inPackedGroups(rows, (r) => r.ids.length, cost, { max: this.budget.maxTokens, maxRows: this.promptsPerGroup },
      (group) => generateCausal(this.lm, group, this.budget, this.padId, { eosIds: this.eosIds, decode: this.decodeText }, this.prefillOptions),
      this.sharedStart((r) => r.ids));
    return gatherSamples(requests, decoded).map((g, i) => ({
      ...g, promptTokens: fitted[i]!.ids.length, truncatedTokens: fitted[i]!.truncated, droppedShots: fitted[i]!.dropped,
    }));
  }

  async loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]> {
    const prepared = requests.map((r) => this.prepareScoring(r));
    // the joined context cache holds items × context positions
    const cost = (g: typeof prepared) => g.length * Math.max(...g.map((p) => p.group.context.length));
    return inPackedGroups(prepared, (p) => p.group.context.length, cost, { max: this.budget.maxTokens, maxRows: this.promptsPerGroup }, async (chunk) => {
      const scored = await scoreGroups(this.lm, chunk.map((p) => p.group), this.padId, this.budget, this.prefillOptions);
      return scored.map((s, k) => ({ ...s, droppedShots: chunk[k]!.dropped }));
    }, this.sharedStart((p) => p.group.context));
  }

  /** Tokens of one choice item: exemplars dropped first, then context tokens from the left, to fit. */
  private prepareScoring(r: LoglikelihoodRequest): { group: ScoreGroup; dropped: number } {
    const split = (p: RequestPrompt) => {
      const { text, cut } = this.tailForContext(this.renderPrompt(p), p.kind === 'text');
      return { ...splitContinuation(text, r.continuations, (t) => encodeText(this.tokenizer, t, p.kind === 'text'), [...this.eosIds][0] ?? 0), cut };
    };
    const max = this.info.maxContext;
    const size = (s: ReturnType<typeof split>) => s.context.length + Math.max(...s.continuations.map((c) => c.length));
    const chosen = choosePrompt(r.context, r.fewshot, split, (s) => !max || size(s) <= max);
    const parts = chosen.measured;
    const fitted = fitTokens(parts.context, Math.max(...parts.continuations.map((c) => c.length)), max);
    return { group: { context: fitted.ids, continuations: parts.continuations, truncatedTokens: fitted.truncated + parts.cut }, dropped: chosen.dropped };
  }
}

/** The vocabulary the logits span: config.json's, else the session's declared output, else a large one (budget errs safe). */
function vocabOf(config: Record<string, unknown>, model: PreTrainedModel): number {
  if (typeof config['vocab_size'] === 'number') return config['vocab_size'];
  const session = (model as unknown as { sessions: Record<string, { outputMetadata?: { name: string; shape?: (number | string)[] }[] }> }).sessions['model'];
  const dim = session?.outputMetadata?.find((m) => m.name === 'logits')?.shape?.at(-1);
  return typeof dim === 'number' ? dim : 262_144;
}
