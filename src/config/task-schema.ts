import { z } from 'zod';
import { constraintListSchema } from './constraint-schema.js';

export const CATEGORIES = ['summarization', 'classification', 'qa', 'code', 'instruction-following'] as const;
export const READER_FORMATS = [
  'jsonl', 'json', 'csv', 'tsv', 'humaneval', 'mbpp', 'squad', 'glue', 'ifeval',
] as const;
export const POSTPROCESS_STEPS = [
  'trim', 'first_line', 'first_sentence', 'extract_code', 'lowercase', 'strip_punctuation',
] as const;

const dataSource = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1).describe('data file, relative to the task file; ${HELDOUT_DATA_DIR} and ${VAR} expand'),
    format: z.enum(READER_FORMATS).optional().describe('reader; default from the file extension'),
    fields: z.record(z.string(), z.string()).optional()
      .describe('rename: {taskField: sourceField} (dotted paths allowed in the source)'),
    split: z.string().optional().describe('reader-specific split selector (e.g. a GLUE file with several splits)'),
    limit: z.number().int().positive().optional(),
    skip_empty: z.array(z.string().min(1)).min(1).optional()
      .describe('leave out rows whose named fields are missing or empty (each one is named in a warning); without it such a row is an error'),
  }),
]);

const template = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'template ids are letters, digits, ".", "_" or "-"'),
  prompt: z.string().min(1),
  system: z.string().optional().describe('system message for chat-format models'),
});

const choiceAnswer = z.strictObject({
  type: z.literal('choice'),
  label: z.string().default('label').describe('field holding the gold label: the text of a choice (or its index, with label_is_index: true)'),
  label_is_index: z.boolean().optional()
    .describe('true: a label is the position of its choice in choices (0 = first); false: a label is the text of its choice; unset: text, and a number that reads differently as an index is an error'),
  choices: z.array(z.string().min(1)).min(2).optional().describe('the label set shared by all items'),
  choices_field: z.string().optional().describe('field holding per-item choices, instead of `choices`'),
  prefix: z.string().default(' ').describe('text joining the prompt and a choice when scoring plain-format models'),
  max_new_tokens: z.number().int().positive().default(8),
  stop: z.array(z.string().min(1, 'a stop string cannot be empty (it would end every answer before it starts)')).default(['\n']),
});

const generateAnswer = z.strictObject({
  type: z.literal('generate'),
  reference: z.string().default('reference').describe('field holding the reference answer(s): string or string[]'),
  max_new_tokens: z.number().int().positive().default(64),
  stop: z.array(z.string().min(1, 'a stop string cannot be empty (it would end every answer before it starts)')).default([]),
  postprocess: z.array(z.enum(POSTPROCESS_STEPS)).default(['trim']),
  constraints: constraintListSchema.optional()
    .describe('verifiable output constraints every item\'s answer must satisfy, e.g. [{type: max_words, n: 50}, {type: lowercase}]'),
  constraints_field: z.string().min(1).optional()
    .describe('field holding each row\'s own list of constraints (added to `constraints`)'),
});

const codeSpec = z.strictObject({
  language: z.enum(['javascript', 'python']),
  prefix: z.string().default('').describe('template for code placed before the completion (HumanEval: "{{prompt}}")'),
  tests: z.string().describe('template for the test code appended after the completion'),
  timeout_ms: z.number().int().positive().default(5000),
});

const metricRef = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }),
]);

export const taskFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'task ids are lowercase letters, digits, ".", "_" or "-"'),
  category: z.enum(CATEGORIES),
  family: z.string().min(1),
  description: z.string().min(1),
  license: z.string().min(1),
  data: dataSource,
  exemplars: dataSource.optional().describe('few-shot exemplars, kept apart from the evaluated items'),
  fewshot_separator: z.string().default('\n\n'),
  id_field: z.string().default('id'),
  templates: z.array(template).min(1),
  answer: z.discriminatedUnion('type', [choiceAnswer, generateAnswer]),
  code: codeSpec.optional(),
  metrics: z.array(metricRef).min(1),
});

export type TaskFile = z.infer<typeof taskFileSchema>;
export type DataSource = z.infer<typeof dataSource>;
export type TemplateSpec = z.infer<typeof template>;
export type ChoiceAnswer = z.infer<typeof choiceAnswer>;
export type GenerateAnswer = z.infer<typeof generateAnswer>;
export type CodeSpec = z.infer<typeof codeSpec>;
export type MetricRef = z.infer<typeof metricRef>;
