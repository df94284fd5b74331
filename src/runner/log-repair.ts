import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic-write.js';
import { appendLines, corruptLogPath, sampleLogPath, scanSampleLog, type BadLine } from './sample-log.js';

/** What a repair did to one log: the run's summary and run.json say it. */
export interface LogRepair {
  model: string;
  task: string;
  /** Unreadable lines moved to the log's .corrupt.jsonl. */
  quarantined: number;
  /** Their 1-based line numbers in the log as it was. */
  lines: number[];
  /** Planned requests among them (key readable, no readable record left): asked again by this run. */
  reasked: number;
  /** Lines whose key cannot be read: if they held answers, those requests are among the ones asked again. */
  unkeyed?: number;
}

/**
 * Make a log safe to append to. Only the run that holds the directory's lock calls this. Every
 * readable record stays (records glued together are split onto lines of their own); each
 * unreadable line is appended to `<task>.corrupt.jsonl` with its line number before the log is
 * rewritten (atomically) without it, so nothing is ever only deleted.
 */
export async function repairSampleLog(outDir: string, model: string, task: string, planned: Set<string>): Promise<LogRepair | null> {
  const file = sampleLogPath(outDir, model, task);
  const scan = await scanSampleLog(file);
  if (!scan.needsRepair) return null;
  if (scan.bad.length) await quarantine(corruptLogPath(file), scan.bad);
  await writeFileAtomic(file, scan.clean);
  if (!scan.bad.length) return null;
  const reasked = new Set(scan.bad.flatMap((b) => (b.key && planned.has(b.key) && !scan.records.has(b.key) ? [b.key] : []))).size;
  const unkeyed = scan.bad.filter((b) => !b.key).length;
  return { model, task, quarantined: scan.bad.length, lines: scan.bad.map((b) => b.line), reasked, ...(unkeyed ? { unkeyed } : {}) };
}

/** Append the lines, skipping ones an interrupted earlier repair already moved. */
async function quarantine(file: string, bad: BadLine[]): Promise<void> {
  const done = new Set<string>();
  if (existsSync(file)) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      try { const e = JSON.parse(line) as BadLine; done.add(`${e.line}\0${e.text}`); } catch { /* a torn line of its own */ }
    }
  }
  const todo = bad.filter((b) => !done.has(`${b.line}\0${b.text}`));
  if (todo.length) await appendLines(file, todo.map((b) => JSON.stringify(b)));
}

/** "samples/tuned/x.jsonl: 2 unreadable lines (lines 3, 9) moved to samples/tuned/x.corrupt.jsonl; 1 request asked again, 1 line without a readable key" */
export function describeRepair(r: LogRepair): string {
  const log = `samples/${r.model}/${r.task}.jsonl`;
  const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unkeyed = r.unkeyed ? `, ${s(r.unkeyed, 'line')} without a readable key` : '';
  return `${log}: ${s(r.quarantined, 'unreadable line')} (${r.lines.length === 1 ? 'line' : 'lines'} ${r.lines.join(', ')}) moved to ${corruptLogPath(log)}; ${s(r.reasked, 'request')} asked again${unkeyed}`;
}

/** Repair every log of a run's plan (model → task → planned keys) before anything is appended. */
export async function repairLogs(outDir: string, plan: Record<string, Record<string, string[]>>): Promise<LogRepair[]> {
  const repairs: LogRepair[] = [];
  for (const [model, tasks] of Object.entries(plan)) {
    for (const [task, keys] of Object.entries(tasks)) {
      const r = await repairSampleLog(outDir, model, task, new Set(keys));
      if (r) repairs.push(r);
    }
  }
  return repairs;
}
