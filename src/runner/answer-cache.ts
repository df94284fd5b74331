import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult } from '../models/types.js';

import { cachedAnswer, type CachedAnswer as Cached } from './cache-entry.js';

/**
 * Model outputs by content: key = model fingerprint + request + settings (a sampled request
 * carries its seed). One folder per fingerprint; each process appends to a file of its own,
 * so parallel shards on one machine never interleave writes.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Cached>();
  private readonly file: string;

  private constructor(private readonly dir: string) {
    this.file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
  }

  static async open(root: string, fingerprint: string): Promise<AnswerCache> {
    const dir = path.join(root, 'answers', fingerprint.replace(/[^A-Za-z0-9]/g, '_'));
    const cache = new AnswerCache(dir);
    if (!existsSync(dir)) return cache;
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort()) {
      // A file that cannot be read (a folder of that name, no permission) only costs asking again.
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          const { k, v } = JSON.parse(line) as { k: unknown; v: unknown };
          if (typeof k === 'string') cache.entries.set(k, { ...cache.entries.get(k), ...cachedAnswer(v) });
        } catch {
          // a torn last line from a killed process: ignore it
        }
      }
    }
    return cache;
  }

  static generateKey(r: GenerateRequest): string {
    return hash(['g', r.prompt, r.maxNewTokens, r.stop, r.sampling.temperature > 0 ? r.sampling : { n: 1 }, ...(r.thinking ? [r.thinking] : [])]);
  }

  static loglikelihoodKey(r: LoglikelihoodRequest): string {
    return hash(['l', r.context, r.continuations]);
  }

  get size(): number {
    return this.entries.size;
  }

  getGenerate(key: string): GenerateResult | undefined {
    return this.entries.get(key)?.g;
  }

  getRendered(key: string): string | undefined {
    return this.entries.get(key)?.r;
  }

  getLoglikelihood(key: string): LoglikelihoodResult | undefined {
    return this.entries.get(key)?.l;
  }

  async put(items: { key: string; value: Cached }[]): Promise<void> {
    if (items.length === 0) return;
    for (const { key, value } of items) this.entries.set(key, { ...this.entries.get(key), ...value });
    try {
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file, items.map(({ key, value }) => JSON.stringify({ k: key, v: value })).join('\n') + '\n');
    } catch {
      // the sample log already holds these answers; an unwritable cache only costs asking again elsewhere
    }
  }
}

function hash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
