/** The kinds the #19 campaign found handled well, kept as cases so they stay handled: kills, signals, the lock, a broken cache, merge validation, bad gate policies. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TSX } from '../helpers/cli.js';
import { benchFile, copyShards, finished } from './fixtures.js';
import { bench, check, cli, interrupted, keysOf, recordCounts, refused, ROOT, runArgs, totalRecords, write, type Ctx, type HostileCase } from './lib.js';

const N = 20;
const TASKS = 'toy-sentiment,toy-passage-qa';

const strip = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (/^(time|timing|duration|elapsed|started|finished|seconds|ms|wall.*|cache.*|fromCache|cached)$/i.test(k) ? undefined : v));
let reference: Record<string, string> | undefined;
/** results/*.json of an uninterrupted run of the kill cases' command. */
function referenceResults(ctx: Ctx): Record<string, string> {
  if (!reference) {
    const out = path.join(ctx.tmp('ref'), 'run');
    cli(runArgs(benchFile(), out, TASKS, N), { cache: ctx.tmp('refc') });
    reference = results(out);
  }
  return reference;
}
function results(dir: string): Record<string, string> {
  const r: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, 'results')).sort()) r[f] = strip(readFileSync(path.join(dir, 'results', f), 'utf8'));
  return r;
}
const sameAs = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
const duplicates = (dir: string) => Object.values(recordCounts(dir)).reduce((a, b) => a + b, 0) - keysOf(dir, 'base').size - keysOf(dir, 'tuned').size;

const killCase = (label: string, signal: NodeJS.Signals, when: (out: string) => boolean, fast = false): HostileCase => ({
  item: 'well', name: `${signal === 'SIGKILL' ? 'kill -9' : signal} ${label}, then rerun`, expected: `${signal === 'SIGKILL' ? '' : 'exit 130, '}rerun exit 0; results = uninterrupted run, no duplicates`, fast,
  async run(ctx) {
    const ref = referenceResults(ctx);
    const out = path.join(ctx.tmp('k'), 'run');
    const cache = ctx.tmp('kc');
    const k = await interrupted(runArgs(benchFile(), out, TASKS, N), cache, () => when(out), signal);
    const again = cli(runArgs(benchFile(), out, TASKS, N), { cache });
    const c = check(again).exit(0).noInternal().that(k.landed, 'the signal did not land mid-run')
      .that(sameAs(results(out), ref), 'results differ from the uninterrupted run').that(duplicates(out) === 0, `${duplicates(out)} duplicated records`);
    if (signal !== 'SIGKILL') c.that(k.code === 130, `signalled run exit ${k.code ?? k.signal}`);
    return c.done(`signalled: exit ${k.code ?? k.signal}`);
  },
});
const baseLines = (n: number) => (out: string) => (recordCounts(out)['base/toy-sentiment.jsonl'] ?? 0) >= n;

const policyCase = (name: string, rules: string, re: RegExp, fast = false): HostileCase => ({
  item: 'well', name: `gate policy: ${name}`, expected: 'exit 2 naming gate.yaml', fast,
  async run(ctx) {
    const pol = write(path.join(ctx.tmp('g'), 'gate.yaml'), rules);
    return refused(cli(['gate', path.join(finished(), 'comparison.json'), '--policy', pol, '--out', ctx.tmp('gj')]), pol, re).done();
  },
});

export const wellCases: HostileCase[] = [
  killCase('after the first base records', 'SIGKILL', baseLines(3)),
  killCase('in the tuned phase', 'SIGKILL', (out) => (recordCounts(out)['tuned/toy-sentiment.jsonl'] ?? 0) >= 1),
  killCase('in the base phase', 'SIGINT', baseLines(10)),
  killCase('in the base phase', 'SIGTERM', baseLines(10)),
  {
    item: 'well', name: 'two runs into one directory at once', expected: 'one exit 0, the other 0 or 2 "being written by another run"; complete',
    async run(ctx) {
      const out = path.join(ctx.tmp('two'), 'run');
      const cache = ctx.tmp('twoc');
      const start = () => new Promise<{ code: number | null; err: string }>((res) => {
        const c = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...runArgs(benchFile(), out, 'toy-sentiment', 8)], {
          env: { ...process.env, NO_COLOR: '1', CI: 'true', HELDOUT_CACHE_DIR: cache }, stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        c.stderr.on('data', (d) => { err += String(d); });
        c.on('exit', (code) => res({ code, err }));
      });
      const rs = await Promise.all([start(), start()]);
      const ok = rs.some((r) => r.code === 0) && rs.every((r) => r.code === 0 || (r.code === 2 && /being written by another run/.test(r.err)));
      return check({ code: rs.find((r) => r.code !== 0)?.code ?? 0, all: rs.map((r) => r.err).join('\n') }).noInternal()
        .that(ok, `exits ${rs.map((r) => r.code).join(', ')}`).that(keysOf(out, 'base').size === 24, 'records incomplete').done(`exits ${rs.map((r) => r.code).join(', ')}`);
    },
  },
  {
    item: 'well', name: 'broken cache (every file garbage), run', expected: 'exit 0; results = a cold run',
    async run(ctx) {
      const cache = ctx.tmp('bc');
      const a = path.join(ctx.tmp('bca'), 'run');
      cli(runArgs(benchFile(), a, 'toy-sentiment', 4), { cache });
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p); else writeFileSync(p, '\u0000garbage{"key":');
        }
      };
      walk(cache);
      const b = path.join(ctx.tmp('bcb'), 'run');
      const r = cli(runArgs(benchFile(), b, 'toy-sentiment', 4), { cache });
      return check(r).exit(0).noInternal().that(sameAs(results(a), results(b)), 'results differ from the run before the cache broke').done();
    },
  },
  {
    item: 'well', name: 'merge only shard 1 of 2, then gate it', expected: 'merge exit 0 marked partial (names shard 2); gate exit 2',
    async run(ctx) {
      const [sh1] = copyShards(false, 'w1');
      const T = path.join(path.dirname(sh1), 'T');
      const r = cli(['merge', sh1, '--out', T]);
      const pol = write(path.join(ctx.tmp('w1p'), 'gate.yaml'), 'rules:\n  - { name: ahead, scope: overall, min_gain: -1 }\n');
      const g = cli(['gate', path.join(T, 'comparison.json'), '--policy', pol]);
      const partial = /"partial":\s*true/.test(readFileSync(path.join(T, 'comparison.json'), 'utf8'));
      return check(r).exit(0).noInternal().says(/shard 2/).says(/partial/).that(partial, 'comparison.json not partial').that(g.code === 2, `gate exit ${g.code}`).done(`merge ${r.code}, gate ${g.code}`);
    },
  },
  {
    item: 'well', name: 'merge a shard given twice', expected: 'exit 2 naming both',
    async run() {
      const [sh1] = copyShards(false, 'w2');
      return refused(cli(['merge', sh1, sh1, '--out', path.join(path.dirname(sh1), 'T')]), sh1, /twice|more than once|same/i).done();
    },
  },
  {
    item: 'well', name: 'merge shards of different models (sh1 of base, shY2 of tuned-as-base)', expected: 'exit 2: not the same run',
    async run() {
      const [sh1] = copyShards(false, 'w3');
      const [, y2] = copyShards(true, 'w3y');
      return refused(cli(['merge', sh1, y2, '--out', path.join(path.dirname(sh1), 'T')]), undefined, /model|fingerprint|same run|differ/i).done();
    },
  },
  {
    item: 'well', name: 'merge a shard with the whole run', expected: 'exit 0: the union, each record once, not partial (or exit 2)',
    async run() {
      const [sh1] = copyShards(false, 'w4');
      const T = path.join(path.dirname(sh1), 'T');
      const r = cli(['merge', sh1, finished(), '--out', T]);
      if (r.code === 2) return refused(r).done();
      const cmp = readFileSync(path.join(T, 'comparison.json'), 'utf8');
      return check(r).exit(0).noInternal().that(totalRecords(T) === 24 && keysOf(T, 'base').size === 12, `records ${totalRecords(T)}`).that(/"partial":\s*false/.test(cmp), 'marked partial').done();
    },
  },
  {
    item: 'well', name: 'merge a directory that is not a run', expected: 'exit 2 naming it',
    async run(ctx) {
      const [sh1] = copyShards(false, 'w5');
      const junk = ctx.tmp('junk');
      return refused(cli(['merge', sh1, junk, '--out', path.join(path.dirname(sh1), 'T')]), junk).done();
    },
  },
  policyCase('unknown scope', 'rules:\n  - { name: x, scope: sideways, min_gain: 0 }\n', /sideways|scope/, true),
  policyCase('min_gain: 2 (points, not a fraction)', 'rules:\n  - { name: x, scope: overall, min_gain: 2 }\n', /fraction|0\.02|min_gain/),
  policyCase('unknown rule key', 'rules:\n  - { name: x, scope: overall, min_gian: 0 }\n', /min_gian/),
  policyCase('no rules', 'rules: []\n', /rule/),
  policyCase('rule with two checks', 'rules:\n  - { name: x, scope: overall, min_gain: 0, max_broken_share: 0.1 }\n', /one|both|min_gain|max_broken_share/),
  policyCase('claim that was not measured', 'rules:\n  - { claim: stability }\n', /stability|measured/),
  {
    item: 'well', name: 'benchmark gate: a scope with no tasks', expected: 'exit 2 after the reports are written',
    async run(ctx) {
      const d = ctx.tmp('g2');
      const out = path.join(d, 'run');
      const b = bench(d, { gate: 'gate:\n  rules:\n    - { name: x, scope: "category:code", min_gain: 0 }' });
      const r = cli(['run', b, '--tasks', 'toy-sentiment', '--limit', '3', '--out', out], { cache: ctx.cache });
      let reports = false;
      try { reports = readdirSync(out).includes('report.md'); } catch { /* none */ }
      return refused(r, undefined, /code|no task/i).that(reports, 'reports not written').done();
    },
  },
];

export function resetWell(): void {
  reference = undefined;
}
