import { statSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import { thinkingTags } from '../thinking.js';
import type { ThinkingTags } from '../types.js';
import { checkDrivable, fingerprintFolder, inspectModelFolder, type ModelFolder } from './files.js';
import { findLogitsHead, KEEP_INPUT } from './keep-logits.js';
import { eosIdsOf, maxContextOf, useLocalFolder } from './model-config.js';
import { positionRuleOf } from './positions.js';
import { encodeText } from './text.js';

/** What heldout sees in a local model folder: `heldout models inspect DIR`. */
export interface ModelDescription {
  dir: string;
  /** `onnx` = transformers.js (files under onnx/), `root` = Optimum (files at the folder's root). */
  layout: 'onnx' | 'root';
  kind: 'decoder-only' | 'encoder-decoder';
  dtype: string;
  /** The files heldout loads for this dtype: graph, external data, bytes on disk. */
  loads: { file: string; externalData: string[]; bytes: number }[];
  /** Every .onnx file by dtype. */
  dtypes: Record<string, string[]>;
  architecture: { modelType: string; architectures: string[] };
  vocabulary: { config?: number; tokenizer: number; logits?: number };
  contextLength?: number;
  layers: number;
  kvHeads?: number;
  headDim?: number;
  /** Element type of the key/value cache (float for fp32/q8/q4 exports, float16 for fp16/q4f16). */
  kvType?: string;
  /** Element type of the logits (float, or float16: scored in float32). */
  logitsType?: string;
  /**
   * What heldout feeds as position_ids: from `base` at each row's first real token; `input` false
   * when the graph takes none (it numbers positions itself; heldout then reads one prompt at a time).
   */
  positionIds: { input: boolean; base: 0 | 1; why: string };
  numLogitsToKeep: boolean;
  /**
   * A decoder-only graph without num_logits_to_keep: whether heldout adds one as it opens the
   * model (keep-logits.ts), or why it cannot.
   */
  keepLogitsAdded?: { added: true } | { added: false; why: string };
  useCacheBranch: boolean;
  chatTemplate: { file: string; thinking?: ThinkingTags } | null;
  /** The BOS token, and whether heldout's plain prompts start with it (the tokenizer adds it). */
  bos?: { token: string; id: number; addedToPlainPrompts: boolean };
  eosIds: number[];
  fingerprint: string;
  card?: { trainedFamilies?: string[] };
  opset?: number;
  producer?: string;
  /** Why a run would refuse this folder before loading it (an element type or input heldout cannot feed). */
  refusal?: { message: string; hint?: string };
}

export async function describeModelFolder(dir: string, dtype = 'fp32'): Promise<ModelDescription> {
  const folder = await inspectModelFolder(path.resolve(dir), dtype);
  const decoder = folder.files.sessions.at(-1)!;
  const pastKeys = decoder.summary.inputs.filter((i) => /^past_key_values\.\d+\.(decoder\.)?key$/.test(i.name));
  const [, heads, , headDim] = pastKeys[0]?.shape ?? [];
  const logits = decoder.summary.outputs.find((o) => o.name === 'logits')?.shape?.at(-1);
  const tokenizer = await loadTokenizer(folder);
  const bos = tokenizer.bos_token_id;
  const num = (k: string) => (typeof folder.config[k] === 'number' ? (folder.config[k] as number) : undefined);
  return {
    dir: folder.dir, layout: folder.files.layout, kind: folder.encoderDecoder ? 'encoder-decoder' : 'decoder-only', dtype,
    loads: folder.files.sessions.map((s) => ({ file: s.rel, externalData: s.externalData, bytes: [s.rel, ...s.externalData].reduce((n, f) => n + statSync(path.join(folder.dir, f)).size, 0) })),
    dtypes: groupByDtype(folder),
    architecture: { modelType: String(folder.config['model_type'] ?? 'unknown'), architectures: (folder.config['architectures'] as string[] | undefined) ?? [] },
    vocabulary: { config: num('vocab_size'), tokenizer: vocabSize(tokenizer.get_vocab()), logits: typeof logits === 'number' ? logits : undefined },
    contextLength: maxContextOf(folder.config),
    layers: pastKeys.length,
    kvHeads: typeof heads === 'number' ? heads : num('num_key_value_heads') ?? num('num_attention_heads') ?? num('n_head') ?? num('num_heads'),
    headDim: typeof headDim === 'number' ? headDim : undefined,
    kvType: pastKeys[0]?.type,
    logitsType: decoder.summary.outputs.find((o) => o.name === 'logits')?.type,
    positionIds: { input: decoder.summary.inputs.some((i) => i.name === 'position_ids'), ...positionRuleOf(folder.config) },
    numLogitsToKeep: decoder.summary.inputs.some((i) => i.name === 'num_logits_to_keep'),
    keepLogitsAdded: await keepLogitsAddedTo(folder),
    useCacheBranch: decoder.summary.inputs.some((i) => i.name === 'use_cache_branch'),
    chatTemplate: folder.chatTemplate ? { file: folder.chatTemplate.file, thinking: thinkingTags(folder.chatTemplate.template) } : null,
    bos: typeof bos === 'number' && tokenizer.bos_token ? { token: tokenizer.bos_token, id: bos, addedToPlainPrompts: encodeText(tokenizer, 'a', true)[0] === bos } : undefined,
    eosIds: [...eosIdsOf(folder.config, tokenizer, folder.generationConfig)].sort((a, b) => a - b),
    fingerprint: await fingerprintFolder(folder),
    card: folder.card ? { trainedFamilies: folder.card.trained_families } : undefined,
    opset: decoder.summary.opset, producer: decoder.summary.producer,
    refusal: refusalOf(folder),
  };
}

async function keepLogitsAddedTo(folder: ModelFolder): Promise<ModelDescription['keepLogitsAdded']> {
  const decoder = folder.files.sessions[0]!;
  if (folder.encoderDecoder || decoder.summary.inputs.some((i) => i.name === KEEP_INPUT)) return undefined;
  const head = await findLogitsHead(path.join(folder.dir, decoder.rel)).catch((e: Error) => ({ reason: e.message }));
  return 'reason' in head ? { added: false, why: head.reason } : { added: true };
}

function refusalOf(folder: ModelFolder): ModelDescription['refusal'] {
  try {
    checkDrivable(folder);
    return undefined;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return { message: e.message, hint: e.hint };
  }
}

function vocabSize(vocab: unknown): number {
  return vocab instanceof Map ? vocab.size : Object.keys(vocab as object).length;
}

function groupByDtype(folder: ModelFolder): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of folder.files.found) (out[f.dtype] ??= []).push(f.rel);
  return out;
}

async function loadTokenizer(folder: ModelFolder) {
  try {
    return await AutoTokenizer.from_pretrained(useLocalFolder(folder.dir), { local_files_only: true });
  } catch (cause) {
    throw new ModelError(`cannot read the tokenizer of ${folder.dir}: ${(cause as Error).message}`, {
      file: path.join(folder.dir, 'tokenizer.json'), hint: 'save tokenizer.json and tokenizer_config.json from the same tokenizer', cause,
    });
  }
}
