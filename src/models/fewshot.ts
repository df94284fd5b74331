import { withChatOptions, type ChatOptions } from './chat-options.js';
import type { RequestPrompt } from './types.js';

/** Worked examples before the item, kept apart so a backend can drop whole ones when space runs out. */
export interface FewShot {
  format: 'plain' | 'chat';
  /** Exemplars rendered with the item's own template, and their answers. */
  shots: { prompt: string; answer: string }[];
  /** The item's prompt. */
  query: string;
  /** Joins exemplars and the item in plain format. */
  separator: string;
  system?: string;
  /** The model's chat options (template variables, system merge), applied to every prompt built from this. */
  chat?: ChatOptions;
}

/** The prompt with the last `keep` exemplars (the ones nearest the item survive longest). */
export function promptWithShots(fs: FewShot, keep: number = fs.shots.length): RequestPrompt {
  const shots = keep > 0 ? fs.shots.slice(fs.shots.length - keep) : [];
  if (fs.format === 'plain') {
    return { kind: 'text', text: [...shots.map((s) => s.prompt + s.answer), fs.query].join(fs.separator) };
  }
  return withChatOptions({
    kind: 'chat',
    messages: [
      ...(fs.system ? [{ role: 'system' as const, content: fs.system }] : []),
      ...shots.flatMap((s) => [{ role: 'user' as const, content: s.prompt }, { role: 'assistant' as const, content: s.answer.trimStart() }]),
      { role: 'user' as const, content: fs.query },
    ],
  }, fs.chat);
}
