/**
 * Verifiable output constraints: one pure checker per constraint type, and
 * the strict and loose ways of applying them (IFEval's definitions).
 */
import type { Constraint, ConstraintType } from '../../config/constraint-schema.js';
import * as content from './content.js';
import * as format from './format.js';
import { language } from './language.js';
import * as length from './length.js';

type Checker<T extends ConstraintType> = (c: Extract<Constraint, { type: T }>, text: string) => boolean;

const CHECKERS: { [T in ConstraintType]: Checker<T> } = {
  max_words: length.maxWords,
  min_words: length.minWords,
  num_bullets: length.numBullets,
  num_paragraphs: length.numParagraphs,
  num_sentences: length.numSentences,
  nth_paragraph_first_word: length.nthParagraphFirstWord,
  json: format.json,
  num_highlights: format.numHighlights,
  num_sections: format.numSections,
  num_placeholders: format.numPlaceholders,
  postscript: format.postscript,
  title: format.title,
  two_responses: format.twoResponses,
  starts_with: content.startsWith,
  ends_with: content.endsWith,
  include_keywords: content.includeKeywords,
  exclude_keywords: content.excludeKeywords,
  keyword_frequency: content.keywordFrequency,
  letter_frequency: content.letterFrequency,
  lowercase: content.lowercase,
  uppercase: content.uppercase,
  capital_words: content.capitalWords,
  no_commas: content.noCommas,
  quoted: content.quoted,
  one_of: content.oneOf,
  repeat_prompt: content.repeatPrompt,
  language,
};

/** Whether `text` satisfies one constraint as written. */
export function checkConstraint(c: Constraint, text: string): boolean {
  return (CHECKERS[c.type] as Checker<typeof c.type>)(c, text);
}

export type ConstraintMode = 'strict' | 'loose';

/**
 * IFEval's loose reading of an answer: the answer itself, without its first
 * line, without its last line, without both, and each of those with every "*"
 * removed (markdown emphasis). A constraint holds loosely when any non-empty
 * variant satisfies it.
 */
export function looseVariants(answer: string): string[] {
  const lines = answer.split('\n');
  const dropFirst = lines.slice(1).join('\n').trim();
  const dropLast = lines.slice(0, -1).join('\n').trim();
  const dropBoth = lines.slice(1, -1).join('\n').trim();
  const base = [answer, dropFirst, dropLast, dropBoth];
  return [...base, ...base.map((v) => v.replaceAll('*', ''))];
}

/** Strict: the answer as given (an empty answer follows nothing). Loose: any of its loose variants. */
export function followed(c: Constraint, answer: string, mode: ConstraintMode): boolean {
  const candidates = mode === 'strict' ? [answer] : looseVariants(answer);
  return candidates.some((v) => v.trim().length > 0 && checkConstraint(c, v));
}

/** Per constraint, whether the answer follows it. */
export function followedList(constraints: readonly Constraint[], answer: string, mode: ConstraintMode): boolean[] {
  return constraints.map((c) => followed(c, answer, mode));
}

export { detectLanguage } from './language.js';
export { countWords, splitSentences, bulletLines, blankLineParagraphs, dividerParagraphs, stripCodeFence } from './text.js';
