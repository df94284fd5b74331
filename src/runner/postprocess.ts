import type { ModelSpec } from '../config/benchmark-schema.js';
import type { TaskFile } from '../config/task-schema.js';
import type { ModelInfo, ThinkingTags } from '../models/types.js';

type Step = TaskFile['answer'] extends infer A ? (A extends { postprocess: (infer S)[] } ? S : never) : never;

const STEPS: Record<Step, (text: string) => string> = {
  trim: (t) => t.trim(),
  first_line: (t) => t.replace(/^\s*\n/, '').split('\n')[0] ?? '',
  first_sentence: (t) => t.trim().match(/^.*?[.!?](?=\s|$)/s)?.[0] ?? t.trim(),
  extract_code: extractCode,
  lowercase: (t) => t.toLowerCase(),
  strip_punctuation: (t) => t.replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim(),
};

export function postprocess(text: string, steps: readonly Step[]): string {
  return steps.reduce((acc, step) => STEPS[step](acc), text);
}

/** The first fenced code block when there is one (closed or not), else the text as is. */
export function extractCode(text: string): string {
  const open = text.match(/```[^\n`]*\n/);
  if (!open || open.index === undefined) return text;
  const start = open.index + open[0].length;
  const end = text.indexOf('```', start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** strip_thinking: what the benchmark says, else on for chat answers when the template declares thinking tags. */
export function thinkingToStrip(spec: ModelSpec, info: ModelInfo): ThinkingTags | undefined {
  const wanted = spec.strip_thinking ?? spec.format === 'chat';
  if (!wanted) return undefined;
  return info.thinking ?? (spec.strip_thinking ? { open: '<think>', close: '</think>' } : undefined);
}
