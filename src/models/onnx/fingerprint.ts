import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { heldoutCacheDir } from '../../runner/cache-dir.js';

/** A file of the model's identity and the external data files that belong to it. */
export interface IdentityFile {
  rel: string;
  externalData: string[];
}

/**
 * sha256 over the config, tokenizer and weight files (external data included): the model's
 * identity in caches and results. Remembered by (path, size, mtime) in the heldout cache, so a
 * 500 MB model is hashed once.
 */
export async function fingerprintFiles(dir: string, files: IdentityFile[]): Promise<string> {
  const all = files.flatMap((f) => [f.rel, ...f.externalData]);
  const stamp = JSON.stringify(await Promise.all(all.map(async (rel) => {
    const s = await stat(path.join(dir, rel));
    return [rel, s.size, s.mtimeMs];
  })));
  const memo = await readMemo();
  const key = `${dir}\0${files.map((f) => f.rel).join('\0')}`;
  if (memo[key]?.stamp === stamp) return memo[key].fingerprint;
  const fingerprint = await hashFiles(dir, files);
  memo[key] = { stamp, fingerprint };
  await writeMemo(memo);
  return fingerprint;
}

type Memo = Record<string, { stamp: string; fingerprint: string }>;

function memoFile(): string {
  return path.join(heldoutCacheDir(), 'fingerprints.json');
}

async function readMemo(): Promise<Memo> {
  try {
    return JSON.parse(await readFile(memoFile(), 'utf8')) as Memo;
  } catch {
    return {};
  }
}

async function writeMemo(memo: Memo): Promise<void> {
  try {
    await writeFileAtomic(memoFile(), JSON.stringify(memo));
  } catch {
    // an unwritable cache only costs a re-hash next time
  }
}

/** Each file's name, size and bytes, followed by the bytes of its external data, in order. */
async function hashFiles(dir: string, files: IdentityFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of files) {
    const file = path.join(dir, f.rel);
    hash.update(`${f.rel}\0${(await stat(file)).size}\0`);
    for (const rel of [f.rel, ...f.externalData]) {
      for await (const chunk of createReadStream(path.join(dir, rel))) hash.update(chunk as Buffer);
    }
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}
