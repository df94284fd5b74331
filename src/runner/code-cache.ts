import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
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
      const o = JSON.parse(await readFile(this.file(key), 'utf8')) as Partial<CodeOutcome> | null;
      // Only a well-formed pass or fail is an outcome; anything else runs the program again.
      const ok = (o?.status === 'passed' || o?.status === 'failed') && Array.isArray(o.isolation) && o.isolation.every((x) => typeof x === 'string');
      return ok ? (o as CodeOutcome) : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, outcome: CodeOutcome): Promise<void> {
    if (!this.root || (outcome.status !== 'passed' && outcome.status !== 'failed')) return;
    try {
      // Unique temporary names: the same program may finish twice at once (two templates, one answer).
      await writeFileAtomic(this.file(key), JSON.stringify(outcome));
    } catch {
      // a cache that cannot be written only costs running the program again next time
    }
  }
}
