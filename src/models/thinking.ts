import type { ThinkingTags } from './types.js';

const KNOWN: ThinkingTags[] = [
  { open: '<think>', close: '</think>' },
  { open: '<thinking>', close: '</thinking>' },
  { open: '<seed:think>', close: '</seed:think>' },
  { open: '◁think▷', close: '◁/think▷' },
];

/** The reasoning tags a chat template declares (it mentions the closing tag), if any. */
export function thinkingTags(template: string | Record<string, string> | null | undefined): ThinkingTags | undefined {
  if (!template) return undefined;
  const text = typeof template === 'string' ? template : Object.values(template).join('\n');
  return KNOWN.find((t) => text.includes(t.close));
}

/** Whether a rendered prompt leaves a thinking section open (templates that start the reply with `<think>`). */
export function opensThinking(prompt: string, tags: ThinkingTags): boolean {
  return prompt.lastIndexOf(tags.open) > prompt.lastIndexOf(tags.close);
}

/**
 * Where the answer starts in a reply: 0 when it has no thinking section, after the first closing
 * tag and the newlines that follow it when it has one, −1 while the section is still open. Stop
 * strings count from here on (a "\n" stop must not end the reply at the section's own separator).
 */
export function answerStart(text: string, tags: ThinkingTags, openAtStart: boolean): number {
  if (!openAtStart && !text.trimStart().startsWith(tags.open)) return 0;
  const close = text.indexOf(tags.close);
  if (close < 0) return -1;
  let at = close + tags.close.length;
  while (text[at] === '\n') at++;
  return at;
}

/**
 * The answer after a reasoning section: the text after the last closing tag (newlines after it
 * dropped, as the templates do). A section that never closed leaves no answer.
 */
export function stripThinking(text: string, tags: ThinkingTags, openAtStart: boolean): string {
  const close = text.lastIndexOf(tags.close);
  if (close >= 0) return text.slice(close + tags.close.length).replace(/^\n+/, '');
  return openAtStart || text.trimStart().startsWith(tags.open) ? '' : text;
}

/** Whether a reply is still inside its reasoning section at its end (what stripThinking turns into no answer). */
export function thinkingUnclosed(text: string, tags: ThinkingTags, openAtStart: boolean): boolean {
  return text.lastIndexOf(tags.close) < 0 && (openAtStart || text.trimStart().startsWith(tags.open));
}
