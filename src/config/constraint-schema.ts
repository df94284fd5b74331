/**
 * Verifiable output constraints (`answer.constraints` in a task file, or a
 * per-row list named by `answer.constraints_field`): an object with a `type`
 * and its parameters. The checkers live in src/metrics/constraints.
 */
import { z } from 'zod';

const count = z.number().int().min(0);
const relation = z.enum(['at_most', 'at_least', 'exactly']);
const text = z.string().min(1);
const words = z.array(z.string().min(1)).min(1);
const caseSensitive = z.boolean().default(false).describe('compare letters exactly (default: case-insensitive, as IFEval)');

const shapes = [
  z.strictObject({ type: z.literal('max_words'), n: count }).describe('at most n words'),
  z.strictObject({ type: z.literal('min_words'), n: count }).describe('at least n words'),
  z.strictObject({ type: z.literal('num_bullets'), n: count, relation: relation.default('exactly') })
    .describe('markdown bullet lines ("* " or "- ")'),
  z.strictObject({
    type: z.literal('num_paragraphs'), n: count, relation: relation.default('exactly'),
    separator: z.enum(['blank_line', 'divider']).default('blank_line').describe('blank_line: paragraphs split by empty lines; divider: by "***" lines (IFEval)'),
  }),
  z.strictObject({ type: z.literal('json'), keys: z.array(z.string()).optional().describe('keys the top-level object must have') }),
  z.strictObject({ type: z.literal('starts_with'), text, case_sensitive: caseSensitive }),
  z.strictObject({ type: z.literal('ends_with'), text, case_sensitive: caseSensitive }),
  z.strictObject({ type: z.literal('include_keywords'), words }).describe('every word or phrase appears (whole words, any case)'),
  z.strictObject({ type: z.literal('exclude_keywords'), words }).describe('no word or phrase appears (whole words, any case)'),
  z.strictObject({ type: z.literal('lowercase') }),
  z.strictObject({ type: z.literal('uppercase') }),
  z.strictObject({ type: z.literal('no_commas') }),
  z.strictObject({ type: z.literal('num_sentences'), n: count, relation: relation.default('exactly') }),
  z.strictObject({ type: z.literal('quoted') }).describe('the whole answer is wrapped in double quotes'),
  z.strictObject({ type: z.literal('language'), code: z.string().regex(/^[a-z]{2}$/u, 'an ISO 639-1 code such as "en", "de", "ru"') }),
  // Further IFEval instruction kinds (so the public IFEval file maps completely).
  z.strictObject({ type: z.literal('keyword_frequency'), word: text, n: count, relation: relation.default('at_least') }),
  z.strictObject({ type: z.literal('letter_frequency'), letter: z.string().length(1), n: count, relation: relation.default('at_least') }),
  z.strictObject({ type: z.literal('capital_words'), n: count, relation: relation.default('at_least') }).describe('words written in capitals'),
  z.strictObject({ type: z.literal('num_highlights'), n: count }).describe('at least n *highlighted* spans'),
  z.strictObject({ type: z.literal('num_sections'), n: count, marker: text.default('Section') }).describe('at least n sections, each starting "<marker> <number>"'),
  z.strictObject({ type: z.literal('num_placeholders'), n: count }).describe('at least n [placeholders] in square brackets'),
  z.strictObject({ type: z.literal('postscript'), marker: text.default('P.S.') }),
  z.strictObject({ type: z.literal('title') }).describe('a title in double angle brackets, <<like this>>'),
  z.strictObject({ type: z.literal('one_of'), options: z.array(text).min(1) }).describe('contains one of the given phrases'),
  z.strictObject({ type: z.literal('two_responses') }).describe('two different answers separated by "******"'),
  z.strictObject({ type: z.literal('repeat_prompt'), text }).describe('starts by repeating the given request word for word'),
  z.strictObject({ type: z.literal('nth_paragraph_first_word'), paragraphs: count, nth: z.number().int().min(1), word: text }),
] as const;

export const constraintSchema = z.discriminatedUnion('type', shapes);
export const constraintListSchema = z.array(constraintSchema).min(1, 'list at least one constraint');

export type Constraint = z.infer<typeof constraintSchema>;
export type ConstraintType = Constraint['type'];
export type Relation = z.infer<typeof relation>;

export const CONSTRAINT_TYPES: readonly ConstraintType[] = shapes.map((s) => s.shape.type.value);
