import { Template } from '@huggingface/jinja';
import type { ChatTemplateSource } from './files.js';
import type { ChatMessage } from '../types.js';

/** The tokens transformers.js hands every chat template, read from tokenizer_config.json. */
const SPECIAL_TOKENS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];

/**
 * Render a folder's chat template without loading the tokenizer (cheap enough to run before any
 * model is asked), the way transformers.js does: messages, the generation prompt, the special
 * tokens and the benchmark's template variables. Throws what the template raises.
 */
export function renderTemplateSource(
  source: ChatTemplateSource, tokenizerConfig: Record<string, unknown>, messages: ChatMessage[], kwargs: Record<string, unknown> = {},
): string {
  const text = typeof source.template === 'string' ? source.template : source.template['default'] ?? Object.values(source.template)[0] ?? '';
  const tokens: Record<string, string> = {};
  for (const key of SPECIAL_TOKENS) {
    const v = tokenizerConfig[key];
    const t = typeof v === 'string' ? v : (v as { content?: unknown } | null)?.content;
    if (typeof t === 'string') tokens[key] = t;
  }
  return new Template(text).render({ messages, add_generation_prompt: true, ...tokens, ...kwargs });
}
