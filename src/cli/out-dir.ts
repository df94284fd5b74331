import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { ConfigError } from '../errors.js';

/**
 * An output folder must be a folder (or not exist yet, under a folder) that this process may write:
 * checked before a run starts, so a file in the way or a read-only disk costs no model time.
 */
export async function checkOutDir(dir: string, flag = '--out'): Promise<void> {
  const target = path.resolve(dir);
  let existing = target;
  while (!(await exists(existing))) {
    const parent = path.dirname(existing);
    if (parent === existing) return;
    existing = parent;
  }
  const shown = displayPath(target);
  if (!(await stat(existing)).isDirectory()) {
    const what = existing === target ? `${flag} ${shown} is a file, not a folder` : `${flag} ${shown}: ${displayPath(existing)} is a file, not a folder`;
    throw new ConfigError(what, { file: existing, hint: `pass a folder (new or existing) for ${flag}, or move ${displayPath(existing)} away` });
  }
  try {
    await access(existing, constants.W_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable';
    throw new ConfigError(`${flag} ${shown}: ${displayPath(existing)} ${why} (${code})`, { file: existing, cause, hint: `pass a ${flag} folder on a disk you can write to` });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file is in the way further up; the walk reaches it next.
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}
