import { displayPath } from '../config/load-yaml.js';
import { HeldoutError } from '../errors.js';

/** An operating-system failure (a file, a folder, a disk) that reached the CLI without a typed error. */
export class SystemError extends HeldoutError { override readonly code = 'E_SYSTEM'; }

const WHY: Record<string, [string, string]> = {
  ENOENT: ['no such file or folder', 'check the path (relative paths start at the current folder)'],
  EISDIR: ['it is a folder, not a file', 'move that folder away (or point at the file inside it)'],
  ENOTDIR: ['part of the path is a file, not a folder', 'move that file away or fix the path'],
  EEXIST: ['a file is in the way', 'move that file away, or pass another path'],
  EACCES: ['permission denied', 'fix the permissions, or pass a path you can read and write'],
  EPERM: ['operation not permitted', 'fix the permissions, or pass a path you can read and write'],
  EROFS: ['the file system is read-only', 'pass a path on a writable disk'],
  ENOSPC: ['the disk is full', 'free some space and run the same command again: what was already written is kept'],
  EDQUOT: ['the disk quota is used up', 'free some space and run the same command again: what was already written is kept'],
  EMFILE: ['too many open files', 'raise the limit (ulimit -n) or lower --concurrency, and run again'],
  ENAMETOOLONG: ['the path is too long', 'use a shorter path'],
};

/** A Node system error (it has `code` and `syscall`) as a typed error naming the path and the fix; else undefined. */
export function fromSystemError(err: unknown): SystemError | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const known = WHY[e.code];
  if (!known) return undefined;
  const where = e.path ? ` ${displayPath(e.path)}` : '';
  return new SystemError(`cannot ${e.syscall}${where}: ${known[0]} (${e.code})`, { file: e.path, hint: known[1], cause: err });
}
