import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isolationPlan } from '../sandbox/index.js';

export interface CodeOutcome {
  status: string;
  isolation: string[];
  stderrTail?: string;
}

/**
 * Outcomes of generated programs by content (language + program + time limit): a warm re-run
 * does not run the same code again. Only passed/failed are kept; a timeout or crash may be the
 * machine's fault, so those run again.
 */
export class CodeCache {
  constructor(private readonly root: string | null) {}

  /** The isolation in force is part of the key: an outcome under other limits is another outcome. */
  static key(language: string, code: string, timeoutMs: number): string {
    const plan = isolationPlan();
    return createHash('sha256').update(`${language}\0${timeoutMs}\0${JSON.stringify(plan)}\0${code}`).digest('hex').slice(0, 40);
  }

  private file(key: string): string {
    return path.join(this.root!, 'code', key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CodeOutcome | undefined> {
    if (!this.root) return undefined;
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as CodeOutcome;
    } catch {
      return undefined;
    }
  }

  async put(key: string, outcome: CodeOutcome): Promise<void> {
    if (!this.root || (outcome.status !== 'passed' && outcome.status !== 'failed')) return;
    const file = this.file(key);
    // A unique temporary name: the same program may finish twice at once (two templates, one answer).
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify(outcome));
      await rename(tmp, file);
    } catch {
      // a cache that cannot be written only costs running the program again next time
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}
