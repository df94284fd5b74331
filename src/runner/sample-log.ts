import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SampleRecord } from './record.js';

export function sampleLogPath(outDir: string, model: string, task: string): string {
  return path.join(outDir, 'samples', model, `${task}.jsonl`);
}

/**
 * Records already in a sample log, by key. A torn last line (the process died mid-write) is
 * dropped and the file rewritten without it, so a resumed run appends after whole records only.
 */
export async function readSampleLog(file: string): Promise<Map<string, SampleRecord>> {
  const records = new Map<string, SampleRecord>();
  if (!existsSync(file)) return records;
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  let good = 0;
  let torn = false;
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as SampleRecord;
      records.set(record.key, record);
      good += line.length + 1;
    } catch {
      torn = true;
      break;
    }
  }
  if (torn || (text.length > 0 && !text.endsWith('\n'))) await writeFile(file, text.slice(0, good));
  return records;
}

/** Append whole records and flush them to disk before returning. */
export async function appendRecords(file: string, records: SampleRecord[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n', { flush: true });
}

/**
 * Sample records of a run directory (or of one directory per model), read once per log however
 * many report writers ask for them.
 */
export function sampleReader(dirOf: string | ((model: string) => string | undefined)): (model: string, task: string) => Promise<SampleRecord[]> {
  const read = new Map<string, Promise<SampleRecord[]>>();
  return (model, task) => {
    const dir = typeof dirOf === 'string' ? dirOf : dirOf(model);
    if (dir === undefined) return Promise.resolve([]);
    const file = sampleLogPath(dir, model, task);
    let records = read.get(file);
    if (!records) read.set(file, (records = readSampleLog(file).then((m) => [...m.values()])));
    return records;
  };
}
