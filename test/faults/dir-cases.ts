/** Faults of the machine around a run: a full disk, two runs at once (one directory, or one cache), a cache full of garbage. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCli } from '../helpers/run-dir.js';
import type { FaultCase } from './kill-cases.js';
import { caseCache, cli, measure, recordKeys, tmp, type CaseResult, type Reference } from './lib.js';

function bytesOf(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    n += s.isDirectory() ? bytesOf(p) : s.size;
  }
  return n;
}

/** The disk fills at `fraction` of the reference run's size; after space is freed the same command completes. */
export function fullDiskCase(fraction: number): FaultCase {
  const name = `full disk at ${Math.round(fraction * 100)}% of the run's size`;
  return {
    name,
    async run(ctx): Promise<CaseResult> {
      if (process.getuid?.() !== 0) return { name, lost: 0, duplicated: 0, differ: 0, skipped: 'needs root to mount a small tmpfs', note: '' };
      const mount = tmp('disk');
      const pages = Math.max(4, Math.ceil((bytesOf(ctx.ref.dir) * fraction) / 4096));
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${pages * 4}k`, 'tmpfs', mount], { encoding: 'utf8' });
      if (m.status !== 0) return { name, lost: 0, duplicated: 0, differ: 0, skipped: `cannot mount a tmpfs here: ${m.stderr.trim()}`, note: '' };
      try {
        const dir = path.join(mount, 'run');
        const cache = caseCache(ctx.ref);
        const full = cli([...ctx.cfg.run, '--out', dir], cache);
        const clean = full.code === 2 && /disk is full|ENOSPC/.test(full.stderr) && !/internal error/.test(full.stderr);
        const before = recordKeys(dir);
        spawnSync('mount', ['-o', 'remount,size=64m', mount]);
        const again = cli([...ctx.cfg.run, '--out', dir], cache);
        const counts = measure(ctx.ref, dir, before);
        if (!clean || again.code !== 0) counts.differ += 1;
        const said = full.stderr.split('\n').find((l) => l.startsWith('error'))?.slice(0, 140) ?? `exit ${full.code}`;
        return { name, ...counts, note: `${pages * 4} KiB: exit ${full.code} (${said}); ${before.size} records kept; rerun exit ${again.code}` };
      } finally {
        spawnSync('umount', [mount]);
      }
    },
  };
}

export const twoRunsOneDir: FaultCase = {
  name: 'two runs into one directory at once',
  async run(ctx) {
    const dir = tmp('two-dir');
    const cache = caseCache(ctx.ref);
    const runs = [0, 1].map(() => startCli([...ctx.cfg.run, '--out', dir], { HELDOUT_CACHE_DIR: cache }));
    const codes = await Promise.all(runs.map((r) => r.done));
    const refused = runs.filter((r, i) => codes[i] === 2 && /being written by another run/.test(r.stderrText())).length;
    const before = recordKeys(dir);
    const again = cli([...ctx.cfg.run, '--out', dir], cache);
    const m = measure(ctx.ref, dir, before);
    const ok = codes.includes(0) && codes.every((c) => c === 0 || c === 2) && refused === codes.filter((c) => c === 2).length;
    if (!ok || again.code !== 0) m.differ += 1;
    return { name: this.name, ...m, note: `exit codes ${codes.join(' and ')} (${refused} refused: being written by another run); rerun exit ${again.code}` };
  },
};

export const twoRunsOneCache: FaultCase = {
  name: 'two runs sharing one cache at once',
  async run(ctx) {
    const cache = caseCache(ctx.ref);
    const dirs = [tmp('share-a'), tmp('share-b')];
    const runs = dirs.map((d) => startCli([...ctx.cfg.run, '--out', d], { HELDOUT_CACHE_DIR: cache }));
    const codes = await Promise.all(runs.map((r) => r.done));
    const third = tmp('share-c');
    const warm = cli([...ctx.cfg.run, '--out', third], cache);
    const total = { lost: 0, duplicated: 0, differ: 0 };
    for (const d of [...dirs, third]) {
      const m = measure(ctx.ref, d, new Map());
      total.lost += m.lost; total.duplicated += m.duplicated; total.differ += m.differ;
    }
    if (codes.some((c) => c !== 0) || warm.code !== 0) total.differ += 1;
    return { name: this.name, ...total, note: `exit codes ${codes.join(' and ')}; a third run from the shared cache exit ${warm.code}` };
  },
};

/** Random bytes, torn and ill-shaped entries, folders where files belong, and real keys with broken values. */
export const garbageCache: FaultCase = {
  name: 'a cache folder full of garbage',
  async run(ctx) {
    const cache = caseCache(ctx.ref);
    const manifest = JSON.parse(readFileSync(path.join(ctx.ref.dir, 'run.json'), 'utf8')) as { models: { fingerprint: string }[] };
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    for (const { fingerprint } of manifest.models) {
      const dir = path.join(cache, 'answers', fingerprint.replace(/[^A-Za-z0-9]/g, '_'));
      mkdirSync(path.join(dir, 'a-folder.jsonl'), { recursive: true });
      writeFileSync(path.join(dir, '0-bytes.jsonl'), junk);
      writeFileSync(path.join(dir, '1-shapes.jsonl'), ['{"k":1}', '[]', 'null', '{"k":"x","v":null}', '{"k":"y","v":{"g":"oops","l":7,"r":3}}', '{"k":"z","v":{"g":{"texts":"not a list"}}}', '{"k":"torn","v":{"g"'].join('\n'));
    }
    const code = path.join(cache, 'code');
    mkdirSync(path.join(code, 'ab', 'folder.json'), { recursive: true });
    mkdirSync(path.join(code, 'cd'), { recursive: true });
    writeFileSync(path.join(code, 'cd', 'cd00.json'), junk);
    for (const f of codeOutcomes(cache).filter((_, i) => i % 3 === 0)) writeFileSync(f, JSON.stringify({ status: 5, isolation: 'none' }));
    writeFileSync(path.join(cache, 'fingerprints.json'), junk);
    const poisoned = poisonReferenceAnswers(ctx.ref, cache);
    const dir = tmp('garbage');
    const r = cli([...ctx.cfg.run, '--out', dir], cache);
    const m = measure(ctx.ref, dir, new Map());
    if (r.code !== 0) m.differ += 1;
    const err = r.stderr.split('\n').find((l) => /error/.test(l))?.slice(0, 140);
    return { name: this.name, ...m, note: `run exit ${r.code}${err ? ` (${err})` : ''}; ${poisoned} real keys given broken values` };
  },
};

/** Program outcome files of a cache (real keys of the reference run's programs). */
function codeOutcomes(cache: string): string[] {
  const code = path.join(cache, 'code');
  return readdirSync(code).flatMap((d) => (statSync(path.join(code, d)).isDirectory() ? readdirSync(path.join(code, d)).map((f) => path.join(code, d, f)) : []))
    .filter((f) => f.endsWith('.json') && statSync(f).isFile());
}

/**
 * Entries under keys a real run asks, with values of the wrong shape: what a bit flip or an older
 * writer could leave. The keys come from the reference run's own answer cache.
 */
function poisonReferenceAnswers(ref: Reference, cache: string): number {
  let n = 0;
  const answers = path.join(ref.answerCache, 'answers');
  for (const fp of existsSync(answers) ? readdirSync(answers) : []) {
    const keys = readdirSync(path.join(answers, fp)).flatMap((f) => readFileSync(path.join(answers, fp, f), 'utf8').split('\n'))
      .flatMap((l) => { try { return [(JSON.parse(l) as { k: string }).k]; } catch { return []; } });
    const bad = [{ g: { texts: 'not a list' } }, { l: { logprobs: 'x' } }, { g: null, r: 5 }, { l: { logprobs: [1], tokens: [1], greedy: [true] } }];
    const lines = keys.filter((_, i) => i % 5 === 0).map((k, i) => JSON.stringify({ k, v: bad[i % bad.length] }));
    mkdirSync(path.join(cache, 'answers', fp), { recursive: true });
    writeFileSync(path.join(cache, 'answers', fp, 'zz-poisoned.jsonl'), lines.join('\n') + '\n');
    n += lines.length;
  }
  return n;
}
