import type { ModelSpec } from '../config/benchmark-schema.js';
import type { ChatMessage, RequestPrompt } from './types.js';

/** How a benchmark asks one chat model, beyond the messages themselves. */
export interface ChatOptions {
  /** Extra variables for the chat template, e.g. `{enable_thinking: false}` for Qwen3. */
  kwargs?: Record<string, unknown>;
  /** `merge`: the system message opens the first user turn, for templates that reject a system role. */
  systemMode: 'message' | 'merge';
}

export function chatOptionsOf(spec: ModelSpec): ChatOptions | undefined {
  if (spec.format !== 'chat') return undefined;
  const kwargs = spec.chat_template_kwargs && Object.keys(spec.chat_template_kwargs).length ? spec.chat_template_kwargs : undefined;
  const systemMode = spec.system_mode ?? 'message';
  return kwargs || systemMode !== 'message' ? { kwargs, systemMode } : undefined;
}

/** The prompt as this model is asked: system merged when asked, template variables attached. */
export function withChatOptions(prompt: RequestPrompt, opts: ChatOptions | undefined): RequestPrompt {
  if (!opts || prompt.kind !== 'chat') return prompt;
  const messages = opts.systemMode === 'merge' ? mergeSystem(prompt.messages) : prompt.messages;
  return { kind: 'chat', messages, ...(opts.kwargs ? { templateKwargs: opts.kwargs } : {}) };
}

/** System text at the start of the first user turn, separated by a blank line (what Gemma 3's own template does). */
export function mergeSystem(messages: ChatMessage[]): ChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const rest = messages.filter((m) => m.role !== 'system');
  if (!system) return rest;
  const first = rest.findIndex((m) => m.role === 'user');
  if (first < 0) return [{ role: 'user', content: system }, ...rest];
  return rest.map((m, i) => (i === first ? { ...m, content: `${system}\n\n${m.content}` } : m));
}
