/** Counting words, sentences, paragraphs and bullets in an answer: the units the constraints speak of. */
import type { Relation } from '../../config/constraint-schema.js';

/** Runs of letters, digits or "_" (IFEval counts words with the `\w+` tokenizer). */
const WORD = /[\p{L}\p{N}_]+/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function compare(value: number, n: number, relation: Relation): boolean {
  if (relation === 'at_most') return value <= n;
  if (relation === 'at_least') return value >= n;
  return value === n;
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'vs', 'etc', 'inc', 'ltd', 'co', 'no', 'fig', 'approx',
  'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/**
 * Sentences: text ended by ".", "!" or "?" (runs such as "?!" or "..." end one
 * sentence) followed by whitespace or the end, except after a known
 * abbreviation ("Dr.", "e.g."), and never inside a number ("3.5"). A final
 * piece without end punctuation is a sentence too.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const end = /[.!?。！？]+["'”’)\]]*(?=\s|$)/gu;
  let start = 0;
  for (const m of text.matchAll(end)) {
    const stop = m.index + m[0].length;
    if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviation(text.slice(start, m.index))) continue;
    const piece = text.slice(start, stop).trim();
    if (hasWord(piece)) sentences.push(piece);
    start = stop;
  }
  const rest = text.slice(start).trim();
  if (hasWord(rest)) sentences.push(rest);
  return sentences;
}

function hasWord(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

function isAbbreviation(before: string): boolean {
  const last = before.match(/(\S+)$/u)?.[1] ?? '';
  const bare = last.replace(/^[("'“‘[]+/u, '').toLowerCase();
  return ABBREVIATIONS.has(bare);
}

/** Paragraphs separated by one or more empty (or whitespace-only) lines. */
export function blankLineParagraphs(text: string): string[] {
  return text.split(/\n[ \t]*\n/u).map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Paragraphs separated by a "***" markdown divider (IFEval's definition). An
 * empty piece at either end does not count; one in the middle (two dividers in
 * a row) makes the answer fail: returns null.
 */
export function dividerParagraphs(text: string): string[] | null {
  const pieces = text.split(/\s?\*\*\*\s?/u);
  const kept: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!.trim();
    if (p) kept.push(p);
    else if (i !== 0 && i !== pieces.length - 1) return null;
  }
  return kept;
}

/** Markdown bullet lines: "* item" or "- item" (any indent; "**bold**" and "---" rules are not bullets). */
export function bulletLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s*[*-][ \t]+\S/u.test(line));
}

/**
 * A code fence around the whole answer (```json … ```), as models often add, is looked through; so
 * is an opening fence whose closing one is missing (an answer cut at its token limit) and a lone
 * closing fence, as IFEval strips each end on its own.
 */
export function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const open = trimmed.match(/^```[A-Za-z0-9_-]*[ \t]*\r?\n?/u);
  const body = open ? trimmed.slice(open[0].length) : trimmed;
  return body.replace(/\n?```$/u, '').trim();
}
