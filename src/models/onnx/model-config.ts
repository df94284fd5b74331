import os from 'node:os';
import path from 'node:path';
import { env, type PreTrainedTokenizer } from '@huggingface/transformers';

/** Point transformers.js at one local folder, never the network: its id is then the folder's name. */
export function useLocalFolder(abs: string, cacheDir?: string): string {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(abs) + path.sep;
  env.cacheDir = cacheDir ?? path.join(os.tmpdir(), 'heldout-transformers-cache');
  return path.basename(abs);
}

/** The language model's own fields: multimodal configs (Gemma 3) nest them under `text_config`. */
export function textConfigOf(config: Record<string, unknown>): Record<string, unknown> {
  return (config['text_config'] as Record<string, unknown> | undefined) ?? config;
}

/** The first of `keys` the config gives as a number (families name one field differently). */
export function configNumber(config: Record<string, unknown>, ...keys: string[]): number | undefined {
  return keys.map((k) => config[k]).find((v): v is number => typeof v === 'number');
}

/** The longest input the config admits, when it says. */
export function maxContextOf(config: Record<string, unknown>): number | undefined {
  for (const key of ['n_positions', 'max_position_embeddings', 'n_ctx']) {
    if (typeof config[key] === 'number') return config[key] as number;
  }
  return undefined;
}

/**
 * Every end-of-sequence id that config.json, generation_config.json (ids or lists: Llama 3.x
 * instruct models end turns with <|eot_id|>, named only there) and the tokenizer name.
 */
export function eosIdsOf(config: Record<string, unknown>, tokenizer: PreTrainedTokenizer, generationConfig?: unknown): Set<number> {
  const ids = new Set<number>();
  const add = (v: unknown) => {
    if (typeof v === 'number') ids.add(v);
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(config['eos_token_id']);
  add((generationConfig as { eos_token_id?: unknown } | null | undefined)?.eos_token_id);
  add((tokenizer as unknown as { eos_token_id?: number }).eos_token_id);
  return ids;
}

/** Generated ids to text, special tokens dropped and spaces exactly as generated. */
export function textDecoder(tokenizer: PreTrainedTokenizer): (ids: number[]) => string {
  return (ids) => (ids.length ? tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) : '');
}

/** generation_config.json as transformers.js loaded it with the model (null when the folder has none). */
export function generationConfigOf(model: unknown): unknown {
  return (model as { generation_config?: unknown }).generation_config ?? null;
}
