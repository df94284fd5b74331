import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeError } from '../io/atomic-write.js';
import type { SampleRecord } from './record.js';

export function sampleLogPath(outDir: string, model: string, task: string): string {
  return path.join(outDir, 'samples', model, `${task}.jsonl`);
}

/** Where a repair moves a log's unreadable lines: `samples/<model>/<task>.corrupt.jsonl`. */
export function corruptLogPath(log: string): string {
  return log.replace(/\.jsonl$/, '.corrupt.jsonl');
}

/** A line of a log that holds no readable record (1-based line number, the text, its key when one can be read). */
export interface BadLine { line: number; text: string; key: string | null }

export interface LogScan {
  records: Map<string, SampleRecord>;
  bad: BadLine[];
  /** The log's readable records, one per line, as they were written: what a repair writes back. */
  clean: string;
  /** The file differs from `clean` in more than blank lines (unreadable lines, glued records, no final newline). */
  needsRepair: boolean;
}

/** Records of a log and the lines that hold none. Only reads: code that reads a run directory never writes it. */
export async function scanSampleLog(file: string): Promise<LogScan> {
  const scan: LogScan = { records: new Map(), bad: [], clean: '', needsRepair: false };
  if (!existsSync(file)) return scan;
  const text = await readFile(file, 'utf8');
  const kept: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const { pieces, leftover } = splitRecords(line);
    for (const { record, text: piece } of pieces) { scan.records.set(record.key, record); kept.push(piece); }
    if (pieces.length !== 1 || leftover !== null) scan.needsRepair = true;
    if (leftover !== null) scan.bad.push({ line: i + 1, text: leftover, key: leftover.match(/"key"\s*:\s*"([^"\\]+)"/)?.[1] ?? null });
  });
  if (text.length > 0 && !text.endsWith('\n')) scan.needsRepair = true;
  scan.clean = kept.length ? kept.join('\n') + '\n' : '';
  return scan;
}

/** Records already in a sample log, by key; unreadable lines are skipped (and left where they are). */
export async function readSampleLog(file: string): Promise<Map<string, SampleRecord>> {
  return (await scanSampleLog(file)).records;
}

/**
 * One line's records. A line is normally one record; records glued together (a record written
 * without its newline, then the next append) are split apart, so no readable record is lost.
 * `leftover` is the text that holds no record, or null.
 */
function splitRecords(line: string): { pieces: { record: SampleRecord; text: string }[]; leftover: string | null } {
  const whole = asRecord(line);
  if (whole) return { pieces: [{ record: whole, text: line }], leftover: null };
  const pieces: { record: SampleRecord; text: string }[] = [];
  let start = 0;
  for (let i = line.indexOf('}{'); i !== -1; i = line.indexOf('}{', i + 1)) {
    const record = asRecord(line.slice(start, i + 1));
    if (record) { pieces.push({ record, text: line.slice(start, i + 1) }); start = i + 1; }
  }
  const rest = line.slice(start);
  const last = pieces.length ? asRecord(rest) : null;
  if (last) return { pieces: [...pieces, { record: last, text: rest }], leftover: null };
  return { pieces, leftover: rest.trim() ? rest : null };
}

function asRecord(text: string): SampleRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = value as Partial<SampleRecord> | null;
  const ok = typeof r === 'object' && r !== null && typeof r.key === 'string' && typeof r.template === 'string'
    && typeof r.item === 'string' && typeof r.stats === 'object' && r.stats !== null;
  return ok ? (r as SampleRecord) : null;
}

/** Append whole records and flush them to disk before returning. */
export async function appendRecords(file: string, records: SampleRecord[]): Promise<void> {
  if (records.length === 0) return;
  await appendLines(file, records.map((r) => JSON.stringify(r)));
}

export async function appendLines(file: string, lines: string[]): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, lines.join('\n') + '\n', { flush: true });
  } catch (err) {
    throw writeError(file, err);
  }
}

/**
 * Sample records of a run directory (or of one directory per model), read once per log however
 * many report writers ask for them. Only reads. `keep` limits them to a run's planned keys.
 */
export function sampleReader(
  dirOf: string | ((model: string) => string | undefined), keep?: (model: string, task: string) => Set<string> | undefined,
): (model: string, task: string) => Promise<SampleRecord[]> {
  const read = new Map<string, Promise<SampleRecord[]>>();
  return (model, task) => {
    const dir = typeof dirOf === 'string' ? dirOf : dirOf(model);
    if (dir === undefined) return Promise.resolve([]);
    const file = sampleLogPath(dir, model, task);
    let records = read.get(file);
    if (!records) {
      const planned = keep?.(model, task);
      read.set(file, (records = readSampleLog(file).then((m) => [...m.values()].filter((r) => !planned || planned.has(r.key)))));
    }
    return records;
  };
}
