import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fieldText, getField, templateFields } from './template.js';
import type { Task } from './types.js';

export const NGRAM = 13;

/** Lowercased alphanumeric words: punctuation and spacing never hide an overlap. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** 13-gram hashes (53-bit, two FNV-1a halves) of a text. */
export function ngramHashes(text: string, n = NGRAM): number[] {
  const w = words(text);
  const out: number[] = [];
  for (let i = 0; i + n <= w.length; i++) out.push(hash(w.slice(i, i + n).join(' ')));
  return out;
}

function hash(s: string): number {
  let a = 2166136261;
  let b = 0x811c9dc5 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return (a & 0x1fffff) * 4294967296 + b;
}

/** Every 13-gram of a training file: JSONL (all string values of each row) or plain text. */
export async function trainingNgrams(file: string): Promise<Set<number>> {
  const set = new Set<number>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let text = line;
    if (line.trimStart().startsWith('{')) {
      try {
        text = stringsOf(JSON.parse(line)).join('\n');
      } catch {
        text = line;
      }
    }
    for (const h of ngramHashes(text)) set.add(h);
  }
  return set;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

export interface TaskOverlap {
  task: string;
  items: number;
  contaminated: number;
  share: number;
  examples: string[];
}

/** Share of a task's items whose prompt fields or references share a 13-gram with the training data. */
export function taskOverlap(task: Task, training: Set<number>): TaskOverlap {
  const fields = new Set(task.templates.flatMap((t) => templateFields(t.prompt)));
  const answer = task.spec.answer;
  if (answer.type === 'generate') fields.add(answer.reference);
  const hit = task.samples.filter((s) => {
    const text = [...fields].map((f) => fieldText(getField(s.fields, f))).join('\n');
    return ngramHashes(text).some((h) => training.has(h));
  });
  return {
    task: task.id, items: task.samples.length, contaminated: hit.length,
    share: task.samples.length ? hit.length / task.samples.length : 0,
    examples: hit.slice(0, 5).map((s) => s.id),
  };
}
