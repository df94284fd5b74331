/** Hand-made cases for keyword, case, punctuation, start/end checkers: [constraint, answer, holds?, why]. */
import type { ConstraintCase } from './case-types.js';

export const contentCases: ConstraintCase[] = [
  // starts_with
  [{ type: 'starts_with', text: 'Dear team' }, 'Dear team, hello.', true, 'plain prefix'],
  [{ type: 'starts_with', text: 'Dear team' }, '   dear TEAM, hello.', true, 'leading whitespace and case ignored by default'],
  [{ type: 'starts_with', text: 'Dear team', case_sensitive: true }, 'dear team, hello.', false, 'case_sensitive'],
  [{ type: 'starts_with', text: 'Answer:' }, 'My Answer: yes', false, 'prefix elsewhere'],
  [{ type: 'starts_with', text: 'Hi' }, '**Hi** there', false, 'markdown emphasis fails strictly (loose removes it)'],
  [{ type: 'starts_with', text: 'Dear team' }, 'Dear team,   \n\n', true, 'trailing whitespace'],
  [{ type: 'starts_with', text: 'Dear team' }, '- Dear team, hello', false, 'a bullet marker before the text'],
  // ends_with
  [{ type: 'ends_with', text: 'Is there anything else I can help with?' }, 'Done. Is there anything else I can help with?', true, 'exact ending'],
  [{ type: 'ends_with', text: 'the end' }, 'That is THE END.   \n', false, 'a final period is part of the text'],
  [{ type: 'ends_with', text: 'the end.' }, 'That is THE END.   \n', true, 'trailing whitespace and case ignored'],
  [{ type: 'ends_with', text: 'bye', case_sensitive: true }, 'Bye', false, 'case_sensitive'],
  [{ type: 'ends_with', text: 'bye' }, 'bye then', false, 'not at the end'],
  // include_keywords
  [{ type: 'include_keywords', words: ['river', 'bridge'] }, 'The Bridge crosses the river.', true, 'every word, any case'],
  [{ type: 'include_keywords', words: ['river', 'bridge'] }, 'The river is wide.', false, 'one missing'],
  [{ type: 'include_keywords', words: ['cat'] }, 'A category error.', false, 'whole words only'],
  [{ type: 'include_keywords', words: ['machine learning'] }, 'Machine\nlearning is fun', true, 'a phrase may break across a line'],
  [{ type: 'include_keywords', words: ['C++'] }, 'I write C++ daily', true, 'regex characters are literal'],
  [{ type: 'include_keywords', words: ['river'] }, '* River crossing\n- bridge   ', true, 'inside a bullet, trailing whitespace'],
  // exclude_keywords
  [{ type: 'exclude_keywords', words: ['very', 'really'] }, 'It is quite good.', true, 'none present'],
  [{ type: 'exclude_keywords', words: ['very'] }, 'It is VERY good.', false, 'any case'],
  [{ type: 'exclude_keywords', words: ['very'] }, 'Everything is fine.', true, 'inside another word does not count'],
  [{ type: 'exclude_keywords', words: ['very'] }, '*very* nice', false, 'next to markdown emphasis'],
  [{ type: 'exclude_keywords', words: ['ok'] }, '', true, 'empty text holds no word'],
  [{ type: 'exclude_keywords', words: ['very'] }, '- very good   \n', false, 'inside a bullet'],
  // keyword_frequency
  [{ type: 'keyword_frequency', word: 'light', n: 3 }, 'Light, light and more light.', true, 'three, any case'],
  [{ type: 'keyword_frequency', word: 'light', n: 3 }, 'light light lighter', false, 'lighter is another word'],
  [{ type: 'keyword_frequency', word: 'light', n: 1, relation: 'at_most' }, 'no mention', true, 'at_most with zero'],
  [{ type: 'keyword_frequency', word: 'a b', n: 2, relation: 'exactly' }, 'a b, a  b, ab', true, 'phrases with any spacing'],
  [{ type: 'keyword_frequency', word: 'x', n: 2, relation: 'at_most' }, 'x x x', false, 'over the limit'],
  [{ type: 'keyword_frequency', word: 'light', n: 2, relation: 'exactly' }, '* light\n* Light   \n', true, 'one per bullet, trailing whitespace'],
  // letter_frequency
  [{ type: 'letter_frequency', letter: 'z', n: 2 }, 'Zig zag', true, 'any case'],
  [{ type: 'letter_frequency', letter: 'z', n: 3 }, 'Zig zag', false, 'too few'],
  [{ type: 'letter_frequency', letter: 'e', n: 2, relation: 'at_most' }, 'tree', true, 'at_most'],
  [{ type: 'letter_frequency', letter: 'e', n: 1, relation: 'at_most' }, 'tree', false, 'over'],
  [{ type: 'letter_frequency', letter: 'q', n: 0, relation: 'exactly' }, 'none here', true, 'exactly zero'],
  [{ type: 'letter_frequency', letter: 'a', n: 2, relation: 'exactly' }, '- a\n- A   ', true, 'bullets and trailing whitespace add no letter'],
  // lowercase
  [{ type: 'lowercase' }, 'all lower case, 123!', true, 'digits and punctuation are fine'],
  [{ type: 'lowercase' }, 'all lower but One', false, 'one capital'],
  [{ type: 'lowercase' }, '1234 ...', false, 'no letters at all (Python islower)'],
  [{ type: 'lowercase' }, 'ünïcode ça va  \n', true, 'accented lowercase, trailing whitespace'],
  [{ type: 'lowercase' }, '- item one\n* item two', true, 'bullets'],
  // uppercase
  [{ type: 'uppercase' }, 'ALL CAPS, 42!', true, 'caps with digits'],
  [{ type: 'uppercase' }, 'ALL CAPS but one', false, 'lowercase words'],
  [{ type: 'uppercase' }, 'ÉTÉ À PARIS', true, 'accented capitals'],
  [{ type: 'uppercase' }, '!!!', false, 'no letters'],
  [{ type: 'uppercase' }, '- ITEM\n- ITEM TWO   ', true, 'bullets and trailing whitespace'],
  // capital_words
  [{ type: 'capital_words', n: 2 }, 'This is VERY IMPORTANT', true, 'two capitalised words'],
  [{ type: 'capital_words', n: 2 }, 'This is Very important', false, 'title case is not capitals'],
  [{ type: 'capital_words', n: 1, relation: 'at_most' }, 'NASA and ESA', false, 'two over the limit'],
  [{ type: 'capital_words', n: 3 }, 'I SAW A bird', true, 'single letters count'],
  [{ type: 'capital_words', n: 0, relation: 'exactly' }, 'calm words only', true, 'none'],
  [{ type: 'capital_words', n: 2, relation: 'exactly' }, '* NASA\n* ESA   ', true, 'bullet markers are not words'],
  // no_commas
  [{ type: 'no_commas' }, 'No commas here.', true, 'none'],
  [{ type: 'no_commas' }, 'One, two.', false, 'one comma'],
  [{ type: 'no_commas' }, '{"a": 1, "b": 2}', false, 'inside JSON too'],
  [{ type: 'no_commas' }, 'Semicolons; dashes - fine', true, 'other punctuation'],
  [{ type: 'no_commas' }, 'trailing comma,   ', false, 'at the end before whitespace'],

  // quoted
  [{ type: 'quoted' }, '"Wrapped in quotes."', true, 'quoted'],
  [{ type: 'quoted' }, '  "Wrapped."  \n', true, 'outer whitespace ignored'],
  [{ type: 'quoted' }, '"', false, 'a single quote mark'],
  [{ type: 'quoted' }, '"Open only.', false, 'no closing quote'],
  [{ type: 'quoted' }, '“Curly.”', false, 'curly quotes are not double quotes (as IFEval)'],
  // one_of
  [{ type: 'one_of', options: ['My answer is yes.', 'My answer is no.'] }, 'My answer is no.', true, 'an option'],
  [{ type: 'one_of', options: ['My answer is yes.', 'My answer is no.'] }, 'Well... My answer is yes. Sure.', true, 'contained'],
  [{ type: 'one_of', options: ['My answer is yes.'] }, 'my answer is yes.', false, 'case matters (as IFEval)'],
  [{ type: 'one_of', options: ['My answer is yes.'] }, 'My answer is yes', false, 'period missing'],
  [{ type: 'one_of', options: ['A', 'B'] }, 'C', false, 'none'],
  [{ type: 'one_of', options: ['My answer is yes.'] }, '  My answer is yes.   \n', true, 'surrounding whitespace'],
  // repeat_prompt
  [{ type: 'repeat_prompt', text: 'Write a poem.' }, 'Write a poem. Roses are red.', true, 'repeated first'],
  [{ type: 'repeat_prompt', text: 'Write a poem.' }, '  write a POEM. Roses.', true, 'case and leading space ignored'],
  [{ type: 'repeat_prompt', text: 'Write a poem.' }, 'Sure! Write a poem.', false, 'not at the start'],
  [{ type: 'repeat_prompt', text: 'Write a poem.' }, 'Write a poem', false, 'truncated'],
  [{ type: 'repeat_prompt', text: 'Q?' }, 'Q?\nA.', true, 'multi-line answer'],
  [{ type: 'repeat_prompt', text: 'List two fruits.' }, 'List two fruits.\n- apple\n- pear   ', true, 'then a bullet list'],
];
