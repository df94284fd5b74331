import { displayPath } from '../config/load-yaml.js';
import { DataError } from '../errors.js';

/** One answer (or n sampled answers) for an item, with the line it came from. */
export interface PredictionEntry {
  id: string;
  texts: string[];
  task?: string;
  template?: string;
  line: number;
}

export interface ParsedPredictions {
  file: string;
  /** By item id. */
  entries: Map<string, PredictionEntry[]>;
  /** Lines that repeated an earlier prediction word for word (kept once). */
  duplicates: { id: string; line: number; first: number }[];
}

const HINT = 'write one JSON object per line, {"id": ..., "prediction": ...}, or one JSON object {id: answer}';

/**
 * heldout JSONL (`{"id", "prediction"}` / `{"id", "predictions": [...]}`, optional "task", "template"),
 * HumanEval samples (`{"task_id", "completion"}`: repeated lines are n samples) or the SQuAD file
 * (`{question_id: answer}`). A whole file that is one record is one record, never a SQuAD object.
 */
export function parsePredictions(raw: string, file: string): ParsedPredictions {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const out: ParsedPredictions = { file, entries: new Map(), duplicates: [] };
  const whole = tryJson(text.trim());
  if (isObject(whole) && !isRecord(whole)) {
    for (const [id, v] of Object.entries(whole)) {
      if (typeof v !== 'string') {
        throw new DataError(`${displayPath(file)}: the answer for "${id}" is ${describe(v)}, not a string`, { file, hint: 'a SQuAD prediction file maps each question id to its answer text' });
      }
      add(out, { id, texts: [v], line: 1 }, false);
    }
    return out;
  }
  text.split('\n').forEach((source, i) => {
    if (source.trim()) addRow(out, source, i + 1);
  });
  return out;
}

function addRow(out: ParsedPredictions, source: string, line: number): void {
  const row = tryJson(source.trim());
  const where = `${displayPath(out.file)}:${line}`;
  if (!isObject(row)) throw new DataError(`${where} is ${row === undefined ? 'not valid JSON' : 'not a JSON object'}`, { file: out.file, line, hint: HINT });
  const id = row['id'] ?? row['task_id'] ?? row['question_id'];
  if (id === undefined || id === null || typeof id === 'object') {
    throw new DataError(`${where} a prediction needs an id ("id", "task_id" or "question_id")`, { file: out.file, line, hint: HINT });
  }
  const sample = row['prediction'] === undefined && row['predictions'] === undefined && row['completion'] !== undefined;
  const texts = answerTexts(row, where, out.file, line);
  add(out, { id: String(id), texts, task: optionalText(row['task']), template: optionalText(row['template']), line }, sample);
}

function answerTexts(row: Record<string, unknown>, where: string, file: string, line: number): string[] {
  const list = row['predictions'];
  const one = row['prediction'] ?? row['completion'];
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (Array.isArray(list) && list.every(scalar)) return list.map(String);
  if (list === undefined && scalar(one)) return [String(one)];
  throw new DataError(`${where} needs "prediction" (a string), "predictions" (a list of strings) or "completion"`, { file, line, hint: HINT });
}

/** Samples (HumanEval lines) accumulate; a repeated answer is a duplicate, and a different one an error. */
function add(out: ParsedPredictions, entry: PredictionEntry, sample: boolean): void {
  const list = out.entries.get(entry.id) ?? [];
  const same = list.find((a) => a.task === entry.task && a.template === entry.template);
  if (!same) {
    list.push(entry);
    out.entries.set(entry.id, list);
  } else if (sample) {
    same.texts.push(...entry.texts);
  } else if (JSON.stringify(same.texts) === JSON.stringify(entry.texts)) {
    out.duplicates.push({ id: entry.id, line: entry.line, first: same.line });
  } else {
    throw new DataError(`${displayPath(out.file)}:${entry.line} a second, different prediction for "${entry.id}" (the first is at line ${same.line})`, {
      file: out.file, line: entry.line,
      hint: 'keep one prediction per id (n samples go in one line as "predictions": [...]), or name the "task" / "template" each one answers',
    });
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A single heldout/HumanEval record rather than a SQuAD {id: answer} map. */
function isRecord(v: Record<string, unknown>): boolean {
  return ['id', 'task_id', 'question_id'].some((k) => k in v) && ['prediction', 'predictions', 'completion'].some((k) => k in v);
}

function optionalText(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`;
}
