/** Hand-made cases for the counting checkers: [constraint, answer, holds?, why]. */
import type { ConstraintCase } from './case-types.js';

export const lengthCases: ConstraintCase[] = [
  // max_words
  [{ type: 'max_words', n: 5 }, 'one two three four five', true, 'exactly n words'],
  [{ type: 'max_words', n: 5 }, 'one two three four five six', false, 'one word over'],
  [{ type: 'max_words', n: 3 }, 'well-known state-of-the-art', false, 'hyphens split words (\\w+ tokens): 6 words'],
  [{ type: 'max_words', n: 2 }, '  hello   world  \n\n', true, 'whitespace, even trailing, is not a word'],
  [{ type: 'max_words', n: 0 }, '', true, 'empty text has 0 words (the strict mode fails empty answers separately)'],
  [{ type: 'max_words', n: 4 }, "- it's fine\n- ok", true, "bullets are not words; it's = it + s"],
  // min_words
  [{ type: 'min_words', n: 3 }, 'a b c', true, 'exactly n'],
  [{ type: 'min_words', n: 3 }, 'a b', false, 'one short'],
  [{ type: 'min_words', n: 2 }, '... !!! ,,,', false, 'punctuation only'],
  [{ type: 'min_words', n: 2 }, 'Grüße, señor', true, 'accented letters are word characters'],
  [{ type: 'min_words', n: 4 }, '3.14 is pi', true, 'digits count: 3, 14, is, pi'],
  [{ type: 'min_words', n: 3 }, 'one two   \n\n', false, 'trailing whitespace and blank lines are not words'],
  [{ type: 'min_words', n: 3 }, '- one\n* two\n- three', true, 'bullet markers are not words, the words after them are'],
  // num_bullets
  [{ type: 'num_bullets', n: 3 }, '* one\n* two\n* three', true, 'star bullets'],
  [{ type: 'num_bullets', n: 3 }, '- one\n- two\n- three   \n', true, 'dash bullets with trailing whitespace'],
  [{ type: 'num_bullets', n: 2 }, '* one\n- two', true, 'mixed markers count together'],
  [{ type: 'num_bullets', n: 2 }, '**Bold heading**\n* one\n* two', true, 'a bold line is not a bullet'],
  [{ type: 'num_bullets', n: 2 }, '* one\n---\n* two', true, 'a horizontal rule is not a bullet'],
  [{ type: 'num_bullets', n: 3 }, '* one\n  * nested\n* two', true, 'indented bullets count'],
  [{ type: 'num_bullets', n: 2 }, '1. one\n2. two', false, 'numbered items are not bullets'],
  [{ type: 'num_bullets', n: 2 }, '* one\n* two\n* three', false, 'exactly is the default relation'],
  [{ type: 'num_bullets', n: 2, relation: 'at_least' }, '* one\n* two\n* three', true, 'relation at_least'],
  // num_paragraphs
  [{ type: 'num_paragraphs', n: 2 }, 'First paragraph.\n\nSecond paragraph.', true, 'blank line separates'],
  [{ type: 'num_paragraphs', n: 2 }, 'First.\n   \n\n\nSecond.\n\n', true, 'whitespace-only and repeated blank lines, trailing blank'],
  [{ type: 'num_paragraphs', n: 2 }, 'Line one.\nLine two.', false, 'a single newline does not start a paragraph'],
  [{ type: 'num_paragraphs', n: 3, separator: 'divider' }, 'A\n***\nB\n***\nC', true, 'IFEval *** dividers'],
  [{ type: 'num_paragraphs', n: 2, separator: 'divider' }, 'A\n***\n***\nB', false, 'an empty paragraph between dividers fails'],
  [{ type: 'num_paragraphs', n: 2, separator: 'divider' }, '***\nA\n***\nB\n***', true, 'dividers at the ends are not paragraphs'],
  [{ type: 'num_paragraphs', n: 1, relation: 'at_most' }, 'Only one.', true, 'at_most'],
  // num_sentences
  [{ type: 'num_sentences', n: 2 }, 'It rained. We stayed in.', true, 'two plain sentences'],
  [{ type: 'num_sentences', n: 2 }, 'Dr. Smith arrived at 3.30 p.m. today. He left!', true, 'abbreviations and decimals do not end sentences'],
  [{ type: 'num_sentences', n: 3 }, 'Really?! Yes... Fine', true, 'runs of end marks end one sentence; last piece needs no stop'],
  [{ type: 'num_sentences', n: 1 }, 'One. Two.', false, 'exactly by default'],
  [{ type: 'num_sentences', n: 3, relation: 'at_most' }, 'One. Two.', true, 'at_most'],
  [{ type: 'num_sentences', n: 2, relation: 'at_least' }, '- First point.\n- Second point.   ', true, 'bullets with trailing whitespace'],
  // nth_paragraph_first_word
  [{ type: 'nth_paragraph_first_word', paragraphs: 2, nth: 2, word: 'however' }, 'Intro here.\n\nHowever, things changed.', true, 'case and comma ignored'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 2, nth: 2, word: 'however' }, 'Intro.\n\nBut then.', false, 'other first word'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 3, nth: 2, word: 'then' }, 'A.\n\nThen b.', false, 'wrong paragraph count'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 2, nth: 1, word: 'hello' }, '"Hello," she said.\n\nBye.', true, 'leading quote ignored'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 1, nth: 2, word: 'x' }, 'x y z', false, 'nth beyond the paragraphs'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 2, nth: 2, word: 'then' }, 'Intro.\n\nThen more.   \n\n', true, 'trailing whitespace and a final blank line add no paragraph'],
  [{ type: 'nth_paragraph_first_word', paragraphs: 2, nth: 2, word: 'first' }, 'Intro.\n\n- First point\n- second', false, 'a bullet marker is the first word (as IFEval)'],

];
