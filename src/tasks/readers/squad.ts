import type { DataError } from '../../errors.js';
import { dataError } from './data-error.js';
import { isJsonDocument, parseJsonDocument } from './json.js';
import { objectStartLines } from './json-positions.js';
import { readJsonLines } from './jsonl.js';
import { isRecord, listFields, type Row } from './types.js';

const HINT = 'SQuAD data is the official nested JSON ({data: [{title, paragraphs: [{context, qas}]}]}) '
  + 'or one question per line with id, context, question and answers';
/** Depth of a question object in the official layout: root{ data[ article{ paragraphs[ paragraph{ qas[ */
const QA_DEPTH = 6;

/** SQuAD → rows `{id, title?, context, question, answers: string[]}`. */
export function readSquad(file: string, text: string): Row[] {
  if (!isJsonDocument(file, text)) return readJsonLines(file, text).map((row) => flatRow(file, row));
  const doc = parseJsonDocument(file, text);
  if (Array.isArray(doc)) return doc.map((item: unknown) => flatRow(file, { line: 0, data: asRecord(file, item) }));
  const articles = isRecord(doc) ? doc.data : undefined;
  if (!Array.isArray(articles)) throw dataError(file, 0, 'has no "data" array', { hint: HINT });
  if (!articles.every((a: unknown) => isRecord(a) && Array.isArray(a.paragraphs))) {
    return articles.map((item: unknown) => flatRow(file, { line: 0, data: asRecord(file, item) }));
  }
  return nestedRows(file, text, articles as Record<string, unknown>[]);
}

function nestedRows(file: string, text: string, articles: Record<string, unknown>[]): Row[] {
  const rows: Row[] = [];
  for (const article of articles) {
    for (const paragraph of article.paragraphs as unknown[]) {
      const para = asRecord(file, paragraph);
      if (!Array.isArray(para.qas)) throw dataError(file, 0, `a paragraph of "${String(article.title)}" has no "qas" list`, { hint: HINT });
      for (const qa of para.qas as unknown[]) {
        const data: Record<string, unknown> = { ...asRecord(file, qa), context: para.context };
        if (typeof article.title === 'string') data.title = article.title;
        rows.push(flatRow(file, { line: 0, data }));
      }
    }
  }
  const lines = objectStartLines(text, QA_DEPTH);
  if (lines.length === rows.length) rows.forEach((row, i) => { row.line = lines[i] ?? 0; });
  return rows;
}

function flatRow(file: string, { line, data }: Row): Row {
  const fail = (what: string): DataError =>
    dataError(file, line, `SQuAD question ${what}; it has: ${listFields(data)}`, { hint: HINT });
  for (const key of ['context', 'question'] as const) if (typeof data[key] !== 'string') throw fail(`has no string "${key}"`);
  if (data.id === undefined || data.id === null) throw fail('has no "id"');
  const answers = answerTexts(data.answers);
  if (!answers) throw fail('has "answers" that are not {text: [...]}, a list of {text} or a list of strings');
  const row: Record<string, unknown> = { ...data, id: String(data.id), context: data.context, question: data.question, answers };
  if (typeof data.title === 'string') row.title = data.title;
  return { line, data: row };
}

/** Answer strings from the shapes SQuAD files use; undefined when unrecognised. */
export function answerTexts(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (isRecord(value)) return answerTexts(value.text);
  if (!Array.isArray(value)) return undefined;
  const texts: string[] = [];
  for (const item of value) {
    const text = typeof item === 'string' ? item : isRecord(item) ? item.text : undefined;
    if (typeof text !== 'string') return undefined;
    texts.push(text);
  }
  return texts;
}

function asRecord(file: string, value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  throw dataError(file, 0, 'holds a non-object where a question, paragraph or article was expected', { hint: HINT });
}
