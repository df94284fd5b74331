import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import type { ChatMessage } from '../types.js';

/** Apply the tokenizer's own chat template; a model without one is an error, never a fallback. */
export function renderChat(tokenizer: PreTrainedTokenizer, messages: ChatMessage[], source: string): string {
  if (!tokenizer.chat_template) {
    throw new ModelError(`the model in ${source} has no chat template, but the benchmark asks for format "chat"`, {
      file: source,
      hint: 'set this model\'s format to "plain" in the benchmark, or use a tokenizer_config.json with a chat_template',
    });
  }
  return tokenizer.apply_chat_template(messages as never, { tokenize: false, add_generation_prompt: true }) as string;
}

/**
 * Tokenize (context, continuation) pairs the way lm-evaluation-harness does: trailing whitespace of
 * the context moves to the continuation, the pair is encoded whole, and the continuation is what
 * follows the context's own token length.
 */
export function splitContinuation(
  context: string,
  continuations: string[],
  encode: (text: string) => number[],
  fallbackToken: number,
): { context: number[]; continuations: number[][] } {
  const trimmed = context.replace(/\s+$/u, '');
  const moved = context.slice(trimmed.length);
  const contextIds = trimmed.length ? encode(trimmed) : [];
  const ctx = contextIds.length ? contextIds : [fallbackToken];
  const conts = continuations.map((c) => encode(trimmed + moved + c).slice(contextIds.length));
  return { context: ctx, continuations: conts };
}
