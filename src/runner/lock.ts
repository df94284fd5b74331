import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';

/** One run writes a directory at a time; a lock left by a dead process is taken over. */
export async function acquireLock(outDir: string): Promise<() => Promise<void>> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, '.lock');
  if (existsSync(file)) {
    const pid = Number((await readFile(file, 'utf8')).trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new RunError(`${outDir} is being written by another run (pid ${pid})`, {
        file,
        hint: 'wait for it to finish, pass another --out, or remove the .lock file if that process is gone',
      });
    }
  }
  await writeFile(file, `${process.pid}\n`, { flag: 'w' });
  return async () => { await rm(file, { force: true }); };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
