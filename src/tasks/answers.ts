import type { ChoiceAnswer, GenerateAnswer } from '../config/task-schema.js';
import { DataError } from '../errors.js';
import { fieldText, getField } from './template.js';
import type { Sample } from './types.js';

/** The label set of a choice item: the task's `choices`, or the row's `choices_field`. */
export function choiceSet(sample: Sample, answer: ChoiceAnswer, where: string): string[] {
  if (answer.choices) return answer.choices;
  const value = getField(sample.fields, answer.choices_field!);
  if (!Array.isArray(value) || value.length < 2) {
    throw new DataError(`${where} field "${answer.choices_field}" must be a list of at least two choices`, { hint: 'give each row its choices as a JSON array of strings' });
  }
  return value.map(fieldText);
}

/** Index of the gold label: the label field holds a choice string or its index. */
export function goldIndex(sample: Sample, answer: ChoiceAnswer, choices: string[], where: string): number {
  const value = getField(sample.fields, answer.label);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < choices.length) return value;
  const text = fieldText(value).trim();
  const exact = choices.indexOf(text);
  if (exact >= 0) return exact;
  const folded = choices.findIndex((c) => c.toLowerCase() === text.toLowerCase());
  if (folded >= 0) return folded;
  if (/^\d+$/.test(text) && Number(text) < choices.length) return Number(text);
  throw new DataError(`${where} label "${text}" (field "${answer.label}") is not one of ${choices.map((c) => `"${c}"`).join(', ')}`, {
    hint: 'fix the label, or add it to answer.choices',
  });
}

/** Reference answers of a generate item: a string or a list of strings. */
export function references(sample: Sample, answer: GenerateAnswer): string[] {
  const value = getField(sample.fields, answer.reference);
  if (Array.isArray(value)) return value.map(fieldText);
  return value === undefined || value === null ? [] : [fieldText(value)];
}
