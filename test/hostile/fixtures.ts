/** Runs several cases start from, made once per campaign and copied (a case never changes a fixture). */
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bench, cli, tmp, TUNED } from './lib.js';

const memo = new Map<string, string>();

function once(name: string, make: () => string): string {
  let d = memo.get(name);
  if (!d) { d = make(); memo.set(name, d); }
  return d;
}

/** A copy of a fixture the case may change. */
export function copyOf(fixtureDir: string, name: string): string {
  const d = path.join(tmp(name), 'run');
  cpSync(fixtureDir, d, { recursive: true });
  return d;
}

function must(r: ReturnType<typeof cli>, what: string): void {
  if (r.code !== 0) throw new Error(`fixture ${what} failed (exit ${r.code}): ${r.stderr.slice(-800)}`);
}

export const benchFile = () => once('bench', () => bench(tmp('bench')));

/** A finished run of toy-sentiment, `limit` items. */
export function finished(limit = 4): string {
  return once(`finished-${limit}`, () => {
    const out = path.join(tmp(`finished-${limit}`), 'run');
    must(cli(['run', benchFile(), '--tasks', 'toy-sentiment', '--limit', String(limit), '--out', out, '--no-gate']), `finished ${limit}`);
    return out;
  });
}

/** Shards 1/2 and 2/2 of toy-sentiment (limit 4); `other` runs tuned's weights under the name base. */
export function shards(other = false): [string, string] {
  const key = `shards-${other}`;
  const dir = once(key, () => {
    const d = tmp(key);
    for (const i of [1, 2]) {
      const args = ['run', benchFile(), '--tasks', 'toy-sentiment', '--limit', '4', '--shard', `${i}/2`, '--out', path.join(d, `sh${i}`), '--no-gate'];
      if (other) args.push('--model', `base=${TUNED}`);
      must(cli(args), key);
    }
    return d;
  });
  return [path.join(dir, 'sh1'), path.join(dir, 'sh2')];
}

export function copyShards(other: boolean, name: string): [string, string] {
  const d = tmp(name);
  return shards(other).map((s, i) => {
    const to = path.join(d, `sh${other ? 'Y' : ''}${i + 1}`);
    cpSync(s, to, { recursive: true });
    return to;
  }) as [string, string];
}

export function resultFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'results')).map((f) => path.join(dir, 'results', f));
}

/** Fixtures live in tmp() dirs (removed by cleanupAll); this only forgets them. */
export function forgetFixtures(): void {
  memo.clear();
}
