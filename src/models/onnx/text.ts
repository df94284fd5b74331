import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../errors.js';
import { mergeSystem } from '../chat-options.js';
import type { ChatMessage, RequestPrompt } from '../types.js';

type ChatPrompt = Extract<RequestPrompt, { kind: 'chat' }>;

/** Which file a tokenizer's template came from, when heldout gave it one (chat_template.jinja). */
const templateFiles = new WeakMap<PreTrainedTokenizer, string>();

/**
 * Apply the tokenizer's own chat template (with the benchmark's template variables); a model
 * without one is an error, never a fallback, and a template that raises says which and why.
 */
export function renderChat(tokenizer: PreTrainedTokenizer, prompt: ChatPrompt, source: string, name?: string): string {
  if (!tokenizer.chat_template) {
    throw new ModelError(`the model in ${source} has no chat template, but the benchmark asks for format "chat"`, {
      file: source,
      hint: 'set this model\'s format to "plain" in the benchmark, or use a tokenizer_config.json with a chat_template',
    });
  }
  const render = (messages: ChatMessage[]) => tokenizer.apply_chat_template(messages as never, {
    ...prompt.templateKwargs, tokenize: false, add_generation_prompt: true,
  }) as string;
  try {
    return render(prompt.messages);
  } catch (cause) {
    const file = templateFiles.get(tokenizer) ?? path.join(source, 'tokenizer_config.json');
    throw templateError(cause, prompt.messages, file, name, () => render(mergeSystem(prompt.messages)));
  }
}

/** A template that fails only because of the system turn gets the two ways out; anything else, its own message. */
export function templateError(cause: unknown, messages: ChatMessage[], file: string, name: string | undefined, withoutSystem: () => unknown): ModelError {
  const reason = (cause as Error).message;
  const model = name ? `model "${name}": ` : '';
  const key = name ? `models.${name}` : 'the model';
  if (messages.some((m) => m.role === 'system')) {
    let mergedWorks = false;
    try { withoutSystem(); mergedWorks = true; } catch { /* fails for another reason too */ }
    if (mergedWorks) {
      return new ModelError(`${model}the chat template in ${file} rejects a system message (${reason})`, {
        file, cause,
        hint: `drop the system message (${key}.system, or the task template's system:), or set ${key}.system_mode: merge to put it at the start of the user turn`,
      });
    }
  }
  return new ModelError(`${model}the chat template in ${file} failed: ${reason}`, {
    file, cause, hint: `check the template and ${key}.chat_template_kwargs (roles sent: ${messages.map((m) => m.role).join(', ')})`,
  });
}

/** Newer exporters keep the template in chat_template.jinja (or chat_template.json) instead of tokenizer_config.json. */
export function adoptChatTemplate(tokenizer: PreTrainedTokenizer, dir: string): void {
  if (tokenizer.chat_template) return;
  const jinja = path.join(dir, 'chat_template.jinja');
  const json = path.join(dir, 'chat_template.json');
  if (existsSync(jinja)) {
    tokenizer.chat_template = readFileSync(jinja, 'utf8');
    templateFiles.set(tokenizer, jinja);
  } else if (existsSync(json)) {
    const t = (JSON.parse(readFileSync(json, 'utf8')) as { chat_template?: unknown }).chat_template;
    if (typeof t === 'string') {
      tokenizer.chat_template = t;
      templateFiles.set(tokenizer, json);
    }
  }
}

/**
 * Token ids of a text. With special tokens, the BOS that tokenizer_config.json's `add_bos_token`
 * asks for is there: Python's tokenizers add it from that flag, transformers.js only through the
 * post-processor, which some exports (DeepSeek V3) lack.
 */
export function encodeText(tokenizer: PreTrainedTokenizer, text: string, addSpecialTokens: boolean): number[] {
  const ids = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
  if (!addSpecialTokens) return ids;
  const bos = tokenizer.bos_token_id;
  const wants = (tokenizer as unknown as { add_bos_token?: unknown }).add_bos_token === true;
  return wants && typeof bos === 'number' && ids[0] !== bos ? [bos, ...ids] : ids;
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
