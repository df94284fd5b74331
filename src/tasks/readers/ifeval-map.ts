/**
 * IFEval's instruction ids → heldout's constraint objects. The ids and their
 * kwargs are IFEval's (google-research/instruction_following_eval); the
 * checkers are heldout's own (the README lists where they differ).
 */
import type { Constraint } from '../../config/constraint-schema.js';

type Kwargs = Record<string, unknown>;
/** Builds the constraint from an instruction's kwargs; `need` throws when a kwarg is missing. */
type Mapper = (k: Kwargs, need: Need) => Constraint;
export type Need = <T extends 'string' | 'number' | 'strings'>(key: string, kind: T) => T extends 'string' ? string : T extends 'number' ? number : string[];

/** IFEval writes "less than N" (strictly) and "at least N". */
function relation(value: string, n: number): { relation: 'at_most' | 'at_least'; n: number } {
  return value === 'less than' ? { relation: 'at_most', n: n - 1 } : { relation: 'at_least', n };
}

function checkRelation(value: string): string {
  if (value !== 'less than' && value !== 'at least') throw new Error(`relation must be "less than" or "at least", got "${value}"`);
  return value;
}

const CONSTRAINED_RESPONSES = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'];

export const IFEVAL_INSTRUCTIONS: Record<string, Mapper> = {
  'keywords:existence': (_, need) => ({ type: 'include_keywords', words: need('keywords', 'strings') }),
  'keywords:frequency': (_, need) => ({ type: 'keyword_frequency', word: need('keyword', 'string'), ...relation(checkRelation(need('relation', 'string')), need('frequency', 'number')) }),
  'keywords:forbidden_words': (_, need) => ({ type: 'exclude_keywords', words: need('forbidden_words', 'strings') }),
  'keywords:letter_frequency': (_, need) => ({ type: 'letter_frequency', letter: need('letter', 'string'), ...relation(checkRelation(need('let_relation', 'string')), need('let_frequency', 'number')) }),
  'language:response_language': (_, need) => ({ type: 'language', code: need('language', 'string') }),
  'length_constraints:number_sentences': (_, need) => ({ type: 'num_sentences', ...relation(checkRelation(need('relation', 'string')), need('num_sentences', 'number')) }),
  'length_constraints:number_paragraphs': (_, need) => ({ type: 'num_paragraphs', n: need('num_paragraphs', 'number'), relation: 'exactly', separator: 'divider' }),
  'length_constraints:number_words': (_, need) => {
    const r = relation(checkRelation(need('relation', 'string')), need('num_words', 'number'));
    return r.relation === 'at_most' ? { type: 'max_words', n: r.n } : { type: 'min_words', n: r.n };
  },
  'length_constraints:nth_paragraph_first_word': (_, need) => ({
    type: 'nth_paragraph_first_word', paragraphs: need('num_paragraphs', 'number'), nth: need('nth_paragraph', 'number'), word: need('first_word', 'string'),
  }),
  'detectable_content:number_placeholders': (_, need) => ({ type: 'num_placeholders', n: need('num_placeholders', 'number') }),
  'detectable_content:postscript': (_, need) => ({ type: 'postscript', marker: need('postscript_marker', 'string') }),
  'detectable_format:number_bullet_lists': (_, need) => ({ type: 'num_bullets', n: need('num_bullets', 'number'), relation: 'exactly' }),
  'detectable_format:constrained_response': () => ({ type: 'one_of', options: CONSTRAINED_RESPONSES }),
  'detectable_format:number_highlighted_sections': (_, need) => ({ type: 'num_highlights', n: need('num_highlights', 'number') }),
  'detectable_format:multiple_sections': (_, need) => ({ type: 'num_sections', n: need('num_sections', 'number'), marker: need('section_spliter', 'string') }),
  'detectable_format:json_format': () => ({ type: 'json' }),
  'detectable_format:title': () => ({ type: 'title' }),
  'combination:two_responses': () => ({ type: 'two_responses' }),
  'combination:repeat_prompt': (_, need) => ({ type: 'repeat_prompt', text: need('prompt_to_repeat', 'string') }),
  'startend:end_checker': (_, need) => ({ type: 'ends_with', text: need('end_phrase', 'string'), case_sensitive: false }),
  'startend:quotation': () => ({ type: 'quoted' }),
  'change_case:capital_word_frequency': (_, need) => ({ type: 'capital_words', ...relation(checkRelation(need('capital_relation', 'string')), need('capital_frequency', 'number')) }),
  'change_case:english_capital': () => ({ type: 'uppercase' }),
  'change_case:english_lowercase': () => ({ type: 'lowercase' }),
  'punctuation:no_comma': () => ({ type: 'no_commas' }),
};

export const IFEVAL_IDS = Object.keys(IFEVAL_INSTRUCTIONS);
