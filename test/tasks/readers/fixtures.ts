import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { HeldoutError } from '../../../src/errors.js';

export { ROOT as repoRoot, DATASETS_DIR as datasetsDir } from '../../helpers/paths.js';

/** A temp dir removed after the file's tests; `write` puts a fixture in it and returns its path. */
export function fixtureDir(): { dir: string; write: (name: string, text: string | Buffer) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'heldout-readers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The error a promise rejects with (failing the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<HeldoutError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HeldoutError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
