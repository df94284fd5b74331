/** Checkers of what the answer says and how it is written: keywords, case, punctuation, start and end. */
import type { Constraint } from '../../config/constraint-schema.js';
import { compare, wordsOf } from './text.js';

type Of<T extends Constraint['type']> = Extract<Constraint, { type: T }>;

/** A word or phrase as a whole-word, case-insensitive pattern ("cat" does not match "category"). */
function phrasePattern(phrase: string): RegExp {
  const escaped = phrase.trim().replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/\s+/gu, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'giu');
}

export function countPhrase(text: string, phrase: string): number {
  return text.match(phrasePattern(phrase))?.length ?? 0;
}

export const includeKeywords = (c: Of<'include_keywords'>, text: string): boolean => c.words.every((w) => countPhrase(text, w) > 0);
export const excludeKeywords = (c: Of<'exclude_keywords'>, text: string): boolean => c.words.every((w) => countPhrase(text, w) === 0);
export const keywordFrequency = (c: Of<'keyword_frequency'>, text: string): boolean => compare(countPhrase(text, c.word), c.n, c.relation);

export function letterFrequency(c: Of<'letter_frequency'>, text: string): boolean {
  const letter = c.letter.toLowerCase();
  let n = 0;
  for (const ch of text.toLowerCase()) if (ch === letter) n++;
  return compare(n, c.n, c.relation);
}

/** Python's str.islower / str.isupper: at least one cased letter, and none of the other case. */
function hasCase(text: string, want: 'lower' | 'upper'): boolean {
  let cased = false;
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue;
    cased = true;
    if (want === 'lower' ? ch !== lower : ch !== upper) return false;
  }
  return cased;
}

export const lowercase = (_: Of<'lowercase'>, text: string): boolean => hasCase(text, 'lower');
export const uppercase = (_: Of<'uppercase'>, text: string): boolean => hasCase(text, 'upper');
export const capitalWords = (c: Of<'capital_words'>, text: string): boolean =>
  compare(wordsOf(text).filter((w) => hasCase(w, 'upper')).length, c.n, c.relation);

export const noCommas = (_: Of<'no_commas'>, text: string): boolean => !text.includes(',');

export function quoted(_: Of<'quoted'>, text: string): boolean {
  const t = text.trim();
  return t.length > 1 && t.startsWith('"') && t.endsWith('"');
}

function fold(text: string, caseSensitive: boolean): string {
  return caseSensitive ? text.trim() : text.trim().toLowerCase();
}

export const startsWith = (c: Of<'starts_with'>, text: string): boolean => fold(text, c.case_sensitive).startsWith(fold(c.text, c.case_sensitive));
export const endsWith = (c: Of<'ends_with'>, text: string): boolean => fold(text, c.case_sensitive).endsWith(fold(c.text, c.case_sensitive));
export const repeatPrompt = (c: Of<'repeat_prompt'>, text: string): boolean => fold(text, false).startsWith(fold(c.text, false));
export const oneOf = (c: Of<'one_of'>, text: string): boolean => c.options.some((o) => text.includes(o));
