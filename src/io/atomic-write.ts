import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';

/** Temporary files of writeFileAtomic: `.<name>.<pid>.<random>.tmp` beside the target. */
export const TEMP_FILE = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Write a whole file so that a crash leaves the old file or the new one, never half of one:
 * write a temporary file beside it, flush it to disk, rename it over the target, flush the folder.
 * Every file that is not an append-only log is written this way (results, comparison, run.json,
 * reports, caches). Failures become a RunError naming the file and what to do.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(file, err);
  }
  await syncDir(dir);
}

/** A folder's entry for a renamed file reaches the disk only when the folder is flushed too. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch {
    // some file systems cannot flush a folder; the rename itself is still atomic
  }
}

/** A failed write as the user can act on it: which file, why, and the fix. */
export function writeError(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why: Record<string, [string, string]> = {
    ENOSPC: ['the disk is full', 'free some space and run the same command again: what was already written is kept'],
    EDQUOT: ['the disk quota is used up', 'free some space and run the same command again: what was already written is kept'],
    EROFS: ['the file system is read-only', 'pass an --out folder on a writable disk'],
    EACCES: ['permission denied', 'pass an --out folder you can write to'],
    EPERM: ['permission denied', 'pass an --out folder you can write to'],
    ENOTDIR: ['a file is in the way of its folder', 'pass an --out folder that is not a file, or move that file away'],
    EISDIR: ['a folder is in the way', 'move that folder away, or pass another --out'],
    EEXIST: ['a file is in the way of its folder', 'pass an --out folder that is not a file, or move that file away'],
  };
  const known = code ? why[code] : undefined;
  if (!known) return err instanceof Error ? err : new Error(String(err));
  return new RunError(`cannot write ${file}: ${known[0]} (${code})`, { file, hint: known[1], cause: err });
}

/**
 * Remove temporary files a killed writer left in `dir` (their pid is gone). Only the process that
 * holds the directory's lock calls this, so no live writer of that directory is affected.
 */
export async function sweepTempFiles(dir: string): Promise<void> {
  let names: string[];
  try { names = await readdir(dir); } catch { return; }
  for (const name of names) {
    const pid = Number(TEMP_FILE.exec(name)?.[2]);
    if (pid && pid !== process.pid && !processExists(pid)) await rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
