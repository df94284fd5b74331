import type { ChoiceAnswer, GenerateAnswer, TaskFile } from '../config/task-schema.js';
import { DataError } from '../errors.js';
import { fieldText, getField } from './template.js';
import type { ItemAnswer, Sample } from './types.js';

type Row = Pick<Sample, 'fields' | 'line'>;

/**
 * A row's answer as the task file defines it, read once at load: every later reader (the plan,
 * the k-shot exemplars, the reference check) uses this value instead of deriving it again.
 * `where` (file:line) starts any error.
 */
export function resolveAnswer(row: Row, answer: TaskFile['answer'], where: string): ItemAnswer {
  if (answer.type === 'generate') return { type: 'generate', references: references(row, answer) };
  const choices = choiceSet(row, answer, where);
  return { type: 'choice', choices, gold: goldIndex(row, answer, choices, where) };
}

/** The label set of a choice item: the task's `choices`, or the row's `choices_field`. */
export function choiceSet(sample: Row, answer: ChoiceAnswer, where: string): string[] {
  if (answer.choices) return answer.choices;
  const value = getField(sample.fields, answer.choices_field!);
  if (!Array.isArray(value) || value.length < 2) {
    throw new DataError(`${where} field "${answer.choices_field}" must be a list of at least two choices`, { hint: 'give each row its choices as a JSON array of strings' });
  }
  return value.map(fieldText);
}

/**
 * Index of the gold label. A label equal to a choice's text is that choice; a label is read as an
 * index into the choices only when the task says `label_is_index: true`. Unstated, a label that
 * reads as a different choice each way (choices "1", "2" and label 1) is an error.
 */
export function goldIndex(sample: Row, answer: ChoiceAnswer, choices: string[], where: string): number {
  const value = getField(sample.fields, answer.label);
  const fail = (message: string, hint: string) => new DataError(`${where} ${message}`, { line: sample.line || undefined, hint });
  if (value === undefined || value === null || value === '') {
    throw fail(`field "${answer.label}" is missing (it holds the gold label)`, 'give every row its label, or name the field with answer.label');
  }
  const shown = typeof value === 'string' ? `"${value}"` : fieldText(value);
  const listed = choices.map((c) => `"${c}"`).join(', ');
  const asText = textIndex(value, choices);
  const asIndex = indexValue(value, choices.length);
  if (answer.label_is_index === true) {
    if (asIndex !== undefined) return asIndex;
    throw fail(`label ${shown} (field "${answer.label}") is not an index from 0 to ${choices.length - 1} (answer.label_is_index is true)`,
      'write the label as the position of its choice in answer.choices, or remove label_is_index: true to match labels by their text');
  }
  if (answer.label_is_index === undefined && asText >= 0 && asIndex !== undefined && asIndex !== asText) {
    throw fail(`label ${shown} (field "${answer.label}") is ambiguous: as text it is "${choices[asText]}", as an index it is "${choices[asIndex]}"`,
      'say how labels are read: answer.label_is_index: false (a label is the text of its choice) or answer.label_is_index: true (a label is its position in answer.choices)');
  }
  if (asText >= 0) return asText;
  const indexHint = answer.label_is_index === undefined && asIndex !== undefined
    ? 'if labels are positions in answer.choices (0 = the first), set answer.label_is_index: true'
    : 'fix the label, or add it to answer.choices';
  throw fail(`label ${shown} (field "${answer.label}") is not one of ${listed}`, indexHint);
}

/** Position of the choice whose text equals the label (exactly, else ignoring case); -1 when none. */
function textIndex(value: unknown, choices: string[]): number {
  const text = fieldText(value).trim();
  const exact = choices.indexOf(text);
  return exact >= 0 ? exact : choices.findIndex((c) => c.toLowerCase() === text.toLowerCase());
}

/** The label as an index into `count` choices: a whole number, digits, or a boolean (0/1); undefined when it is none. */
function indexValue(value: unknown, count: number): number | undefined {
  const n = typeof value === 'number' ? value
    : typeof value === 'boolean' ? Number(value)
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n < count ? n : undefined;
}

/** Reference answers of a generate item: a string or a list of strings. */
export function references(sample: Row, answer: GenerateAnswer): string[] {
  const value = getField(sample.fields, answer.reference);
  if (Array.isArray(value)) return value.map(fieldText);
  return value === undefined || value === null ? [] : [fieldText(value)];
}
