import type { READER_FORMATS } from '../../config/task-schema.js';

export type ReaderFormat = (typeof READER_FORMATS)[number];

export interface ReadOptions {
  /** Reader to use; default from the file extension (see `detectFormat`). */
  format?: ReaderFormat;
  /** `{taskField: sourceField}`: copy a source value (dotted paths allowed) into a task field. */
  fields?: Record<string, string>;
  /** Reader-specific split selector; no current reader uses it. */
  split?: string;
  /** Keep only the first N rows. */
  limit?: number;
  /** Told about things that did not stop the read (bytes that are not UTF-8). */
  onWarning?: (warning: string) => void;
}

/** One data row and where it came from. */
export interface Row {
  /** 1-based line where the row starts in the source file; 0 when unknown. */
  line: number;
  data: Record<string, unknown>;
}

/** A reader turns the text of one file into rows; `file` is for error messages. */
export type Reader = (file: string, text: string) => Row[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"a", "b", "c"` (or "no fields") for error messages. */
export function listFields(data: Record<string, unknown>): string {
  const keys = Object.keys(data);
  return keys.length ? keys.join(', ') : 'no fields';
}
