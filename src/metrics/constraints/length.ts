/** Checkers that count: words, sentences, paragraphs, bullets. */
import type { Constraint } from '../../config/constraint-schema.js';
import { blankLineParagraphs, bulletLines, compare, countWords, dividerParagraphs, splitSentences } from './text.js';

type Of<T extends Constraint['type']> = Extract<Constraint, { type: T }>;

export const maxWords = (c: Of<'max_words'>, text: string): boolean => countWords(text) <= c.n;
export const minWords = (c: Of<'min_words'>, text: string): boolean => countWords(text) >= c.n;
export const numBullets = (c: Of<'num_bullets'>, text: string): boolean => compare(bulletLines(text).length, c.n, c.relation);
export const numSentences = (c: Of<'num_sentences'>, text: string): boolean => compare(splitSentences(text).length, c.n, c.relation);

export function numParagraphs(c: Of<'num_paragraphs'>, text: string): boolean {
  const paragraphs = c.separator === 'divider' ? dividerParagraphs(text) : blankLineParagraphs(text);
  return paragraphs !== null && compare(paragraphs.length, c.n, c.relation);
}

/** Exactly `paragraphs` paragraphs (blank-line separated), the nth of which starts with `word` (any case, punctuation ignored). */
export function nthParagraphFirstWord(c: Of<'nth_paragraph_first_word'>, text: string): boolean {
  const paragraphs = blankLineParagraphs(text);
  if (paragraphs.length !== c.paragraphs || c.nth > paragraphs.length) return false;
  const first = paragraphs[c.nth - 1]!.split(/\s+/u)[0] ?? '';
  const letters = first.replace(/^["'“‘*_#]+/u, '').match(/^[^.,?!;:'"”’*_]*/u)?.[0] ?? '';
  return letters.toLowerCase() === c.word.trim().toLowerCase();
}
