import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';
import { sweepTempFiles, writeError } from '../io/atomic-write.js';

/** Lock files this process holds: a second run in the same process is refused like any other. */
const held = new Set<string>();

/**
 * One run writes a directory at a time. The lock file is created exclusively (two runs starting
 * together cannot both win) and holds `pid starttime token`. A lock whose holder is gone (dead,
 * a zombie nobody reaped, or a pid reused by another process) is taken over.
 */
export async function acquireLock(outDir: string): Promise<() => Promise<void>> {
  const file = path.join(outDir, '.lock');
  await mkdir(outDir, { recursive: true }).catch((err: unknown) => { throw writeError(outDir, err); });
  // Claimed in this process before the first await, so two runs in one process cannot both win.
  if (held.has(file)) throw busy(outDir, file, process.pid);
  held.add(file);
  try {
    const release = await take(outDir, file);
    // The holder tidies what killed writers left: temporary files of whole-file writes.
    const samples = path.join(outDir, 'samples');
    const models = await readdir(samples).catch(() => [] as string[]);
    for (const d of [outDir, path.join(outDir, 'results'), ...models.map((m) => path.join(samples, m))]) await sweepTempFiles(d);
    return release;
  } catch (err) {
    held.delete(file);
    throw err;
  }
}

async function take(outDir: string, file: string): Promise<() => Promise<void>> {
  const mine = `${process.pid} ${startTime(process.pid) ?? 0} ${randomBytes(6).toString('hex')}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await create(file, mine)) {
      return async () => {
        held.delete(file);
        if ((await readText(file)) === mine) await rm(file, { force: true });
      };
    }
    const text = await readText(file);
    if (text === null) continue;
    const holder = parseLock(text);
    if (!holder) {
      // Created a moment ago and not written yet, or left empty by a crash: wait, then call it stale.
      if (Date.now() - (await mtime(file)) < 2000) { await new Promise((r) => setTimeout(r, 20)); continue; }
    } else if (isAlive(holder.pid, holder.start)) {
      throw busy(outDir, file, holder.pid);
    }
    await takeOver(file, text);
  }
  throw busy(outDir, file, parseLock((await readText(file)) ?? '')?.pid ?? 0);
}

async function create(file: string, text: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    try { await handle.writeFile(text); await handle.sync(); } finally { await handle.close(); }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeError(file, err);
  }
}

/** Move a stale lock away; if what moved is not the stale lock (someone took over first), put it back. */
async function takeOver(file: string, stale: string): Promise<void> {
  const grave = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, grave);
  } catch {
    return;
  }
  if ((await readText(grave)) !== stale) await link(grave, file).catch(() => undefined);
  await rm(grave, { force: true });
}

function busy(outDir: string, file: string, pid: number): RunError {
  return new RunError(`${outDir} is being written by another run (pid ${pid})`, {
    file, hint: 'wait for it to finish, pass another --out, or remove the .lock file if that process is gone',
  });
}

function parseLock(text: string): { pid: number; start: number } | null {
  const [pid, start] = text.trim().split(/\s+/).map(Number);
  return pid && Number.isInteger(pid) && pid > 0 ? { pid, start: start || 0 } : null;
}

/** Alive = exists, is not a zombie, and (when the lock recorded it) started when the holder did. */
export function isAlive(pid: number, start = 0): boolean {
  if (pid === process.pid) return false; // not in `held`: a lock left by an earlier process that had our pid
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return !start || stat.start === start;
}

/** State and start time (clock ticks since boot) from /proc/PID/stat; null where there is no /proc. */
function procStat(pid: number): { state: string; start: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, start: Number(fields[19]) };
  } catch {
    return null;
  }
}

function startTime(pid: number): number | null {
  return procStat(pid)?.start ?? null;
}

async function readText(file: string): Promise<string | null> {
  try { return await readFile(file, 'utf8'); } catch { return null; }
}

async function mtime(file: string): Promise<number> {
  try { return (await stat(file)).mtimeMs; } catch { return 0; }
}
