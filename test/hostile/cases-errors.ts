/** #19 items 9–12: crashes and unclear errors, each a typed message naming the path and the fix, exit 2. */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchFile, copyOf, finished } from './fixtures.js';
import { bench, check, cli, copyTasks, keysOf, readJson, refused, runArgs, TUNED, write, type Ctx, type HostileCase } from './lib.js';

function tunedCopy(ctx: Ctx, card: (c: any) => any | string): string {
  const d = path.join(ctx.tmp('card'), 'tiny-tuned');
  cpSync(TUNED, d, { recursive: true });
  const f = path.join(d, 'heldout.json');
  const c = card(readJson(f));
  writeFileSync(f, typeof c === 'string' ? c : JSON.stringify(c));
  return d;
}

/** toy-passage-qa copied; `data` rewrites its rows. */
function qaCopy(dir: string, data?: (rows: any[]) => string): string {
  copyTasks(dir, ['passage-qa']);
  const t = path.join(dir, 'tasks/passage-qa');
  if (data) writeFileSync(path.join(t, 'data.jsonl'), data(readFileSync(path.join(t, 'data.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))));
  return t;
}

function withMount(ctx: Ctx, opts: string, body: (dir: string) => Promise<ReturnType<typeof check>> | ReturnType<typeof check>): Promise<ReturnType<ReturnType<typeof check>['done']>> {
  const dir = ctx.tmp('mnt');
  if (process.getuid?.() !== 0) return Promise.resolve({ exit: null, problems: [], note: 'SKIPPED: needs root to mount a tmpfs' });
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { encoding: 'utf8' });
  if (m.status !== 0) return Promise.resolve({ exit: null, problems: [], note: `SKIPPED: cannot mount a tmpfs: ${m.stderr.trim()}` });
  return Promise.resolve(body(dir)).then((c) => c.done()).finally(() => { spawnSync('umount', ['-l', dir]); });
}

/** The fields of /proc/PID/stat after the command name (state first; start time at 19). */
const procFields = (pid: number): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/** Run `body` while a live `sleep` process holds a pid, killed afterwards. */
async function withSleeper<T>(body: (pid: number) => T): Promise<T> {
  const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 50));
  try {
    return body(holder.pid!);
  } finally {
    holder.kill('SIGKILL');
  }
}

const yamlCase = (name: string, bad: string, re: RegExp, fast = false): HostileCase => ({
  item: '11', name: `benchmark YAML: ${name}`, expected: 'exit 2 naming bench.yaml and its line', fast,
  async run(ctx) {
    const d = ctx.tmp('y');
    const b = bench(d, { extra: bad });
    const r = cli(runArgs(b, path.join(d, 'run')));
    return refused(r, b, re).says(/bench\.yaml:\d+|line \d+/).done();
  },
});

export const errorCases: HostileCase[] = [
  {
    item: '9', name: 'model card with trained_families as a string', expected: 'exit 2 before the run, names heldout.json', fast: true,
    async run(ctx) {
      const m = tunedCopy(ctx, (c) => ({ ...c, trained_families: 'toy-review-sentiment' }));
      const d = ctx.tmp('c9');
      const out = path.join(d, 'run');
      const r = cli(runArgs(bench(d, { tuned: m }), out));
      return refused(r, path.join(m, 'heldout.json'), /trained_families/).that(!existsSync(path.join(out, 'samples')), 'the run went ahead').done();
    },
  },
  {
    item: '10', name: '--out is a file (EEXIST)', expected: 'exit 2 naming the file', fast: true,
    async run(ctx) {
      const f = write(path.join(ctx.tmp('e1'), 'out.txt'), 'x');
      return refused(cli(runArgs(benchFile(), f)), f).done();
    },
  },
  {
    item: '10', name: '--out under a file (ENOTDIR)', expected: 'exit 2 naming the file',
    async run(ctx) {
      const f = write(path.join(ctx.tmp('e2'), 'out.txt'), 'x');
      return refused(cli(runArgs(benchFile(), path.join(f, 'run'))), f).done();
    },
  },
  {
    item: '10', name: '--out on a read-only mount (EROFS)', expected: 'exit 2 naming the folder',
    run: (ctx) => withMount(ctx, 'ro,size=1m', (dir) => refused(cli(runArgs(benchFile(), path.join(dir, 'run'))), dir)),
  },
  {
    item: '10', name: 'full disk (64 KiB tmpfs, ENOSPC), then space freed and the same command', expected: 'exit 2 "disk is full" naming the path; rerun exit 0, all records',
    run: (ctx) => withMount(ctx, 'size=64k', (dir) => {
      const out = path.join(dir, 'run');
      const cache = ctx.tmp('e4c');
      const args = runArgs(benchFile(), out, 'toy-passage-qa,toy-sentiment', 20);
      const full = cli(args, { cache });
      spawnSync('mount', ['-o', 'remount,size=64m', dir]);
      const again = cli(args, { cache });
      return refused(full, dir, /disk is full|no space|ENOSPC/i).that(again.code === 0, `rerun exit ${again.code}`)
        .that(keysOf(out, 'base').size === 20 * 3 * 2, `base holds ${keysOf(out, 'base').size} keys after the rerun`);
    }),
  },
  {
    item: '10', name: '--concurrency 0', expected: 'exit 2, whole number ≥ 1', fast: true,
    async run(ctx) {
      return refused(cli([...runArgs(benchFile(), path.join(ctx.tmp('e5'), 'run')), '--concurrency', '0']), undefined, /--concurrency/).done();
    },
  },
  {
    item: '10', name: 'corrupt heldout.json (not JSON)', expected: 'exit 2 naming heldout.json',
    async run(ctx) {
      const m = tunedCopy(ctx, () => '{"name": "tiny-tuned", trained');
      const d = ctx.tmp('e6');
      return refused(cli(runArgs(bench(d, { tuned: m }), path.join(d, 'run'))), path.join(m, 'heldout.json')).done();
    },
  },
  {
    item: '10', name: 'YAML alias bomb in the benchmark', expected: 'exit 2 naming bench.yaml, quickly',
    async run(ctx) {
      const d = ctx.tmp('e7');
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]}]`)].join('\n');
      const b = bench(d, { extra: `x_bomb:\n${bomb.split('\n').map((l) => `  ${l}`).join('\n')}` });
      const t0 = Date.now();
      const r = cli(runArgs(b, path.join(d, 'run')));
      return refused(r, b, /alias/i).that(Date.now() - t0 < 30_000, 'took > 30 s').done();
    },
  },
  {
    item: '10', name: 'a directory inside the answer cache (EISDIR)', expected: 'exit 0, the directory skipped, results complete',
    async run(ctx) {
      const cache = ctx.tmp('e8c');
      cli(runArgs(benchFile(), path.join(ctx.tmp('e8a'), 'run')), { cache });
      for (const fp of readdirSync(path.join(cache, 'answers'))) mkdirSync(path.join(cache, 'answers', fp, '999-deadbeef.jsonl', 'sub'), { recursive: true });
      const out = path.join(ctx.tmp('e8'), 'run');
      const r = cli(runArgs(benchFile(), out), { cache });
      return check(r).exit(0).noInternal().that(keysOf(out, 'tuned').size === 9, 'tuned records incomplete').done();
    },
  },
  {
    item: '10', name: "the cache's fingerprints.json is a directory (EISDIR)", expected: 'exit 0 (or 2 naming it with a fix), never internal',
    async run(ctx) {
      const cache = ctx.tmp('e9c');
      mkdirSync(path.join(cache, 'fingerprints.json', 'x'), { recursive: true });
      const r = cli(runArgs(benchFile(), path.join(ctx.tmp('e9'), 'run')), { cache });
      const c = check(r).noInternal();
      if (r.code !== 0) c.exit(2).names(path.join(cache, 'fingerprints.json')).fix();
      return c.done(`exit ${r.code}`);
    },
  },
  {
    item: '11', name: 'a row missing its reference field: tasks validate', expected: 'exit 2 naming data.jsonl:LINE and the field', fast: true,
    async run(ctx) {
      const t = qaCopy(ctx.tmp('v1'), (rows) => rows.map((r, i) => JSON.stringify(i === 4 ? { ...r, answer: undefined } : r)).join('\n') + '\n');
      return refused(cli(['tasks', 'validate', path.join(t, 'task.yaml')]), path.join(t, 'data.jsonl'), /answer/).says(/data\.jsonl:5/).done();
    },
  },
  {
    item: '11', name: 'a row missing its reference field: run', expected: 'exit 2 before any model is asked',
    async run(ctx) {
      const d = ctx.tmp('v2');
      qaCopy(d, (rows) => rows.map((r, i) => JSON.stringify(i === 1 ? { ...r, answer: undefined } : r)).join('\n') + '\n');
      const out = path.join(d, 'run');
      const r = cli(runArgs(bench(d, { tasks: `${d}/tasks/*/task.yaml` }), out, 'toy-passage-qa', 3));
      return refused(r, path.join(d, 'tasks/passage-qa/data.jsonl')).that(!existsSync(path.join(out, 'samples')), 'the model phase ran').done();
    },
  },
  yamlCase('duplicate key', 'seed: 99', /unique|once|duplicate/i, true),
  yamlCase('tab indentation', 'extra:\n\t- x', /tab/i),
  yamlCase('unclosed flow [', 'x_list: [a, b', /\[|flow|unclosed|close/i),
  {
    item: '11', name: 'a 5 MB passage (prompt cut to fit the context)', expected: 'exit 0; truncation on the terminal and in report.md',
    async run(ctx) {
      const d = ctx.tmp('v3');
      qaCopy(d, (rows) => [{ ...rows[0], context: 'Ian has a dog. '.repeat(350_000) }, rows[1]].map((r) => JSON.stringify(r)).join('\n') + '\n');
      const out = path.join(d, 'run');
      const r = cli(runArgs(bench(d, { tasks: `${d}/tasks/*/task.yaml` }), out, 'toy-passage-qa', 2));
      const md = existsSync(path.join(out, 'report.md')) ? readFileSync(path.join(out, 'report.md'), 'utf8') : '';
      return check(r).exit(0).noInternal().says(/truncat|cut/i).that(/truncat|cut/i.test(md), 'report.md does not show the truncation').done();
    },
  },
  {
    item: '11', name: 'Latin-1 bytes in a data file', expected: 'warning naming data.jsonl and its line',
    async run(ctx) {
      const d = ctx.tmp('v4');
      copyTasks(d, ['sentiment']);
      const f = path.join(d, 'tasks/sentiment/data.jsonl');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[2] = lines[2]!.replace('The staff', 'The caf\u00e9 staff');
      writeFileSync(f, Buffer.from(lines.join('\n'), 'latin1'));
      const r = cli(['tasks', 'validate', path.join(d, 'tasks/sentiment/task.yaml')]);
      return check(r).noInternal().names(f).says(/:3|line 3/).says(/UTF-8|Latin-1|encod/i).done(`exit ${r.code}`);
    },
  },
  {
    item: '11', name: '--threads -1', expected: 'exit 2, whole number ≥ 1, no "re-export the model"',
    async run(ctx) {
      const r = cli([...runArgs(benchFile(), path.join(ctx.tmp('v5'), 'run')), '--threads=-1']);
      return refused(r, undefined, /--threads/).that(!/export/i.test(r.all), 'suggests re-exporting').done();
    },
  },
  {
    item: '12', name: 'lock held by a zombie (exited, never reaped)', expected: 'exit 0: a zombie holder counts as gone', fast: true,
    async run(ctx) {
      // sh forks `true` and then execs sleep, which never waits: the `true` child stays a zombie.
      const parent = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' });
      let zombie = 0;
      for (let i = 0; i < 200 && !zombie; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const kids = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
        zombie = kids.find((k) => { try { return procFields(k)[0] === 'Z'; } catch { return false; } }) ?? 0;
      }
      try {
        if (!zombie) return { exit: null, problems: ['could not make a zombie'], note: '' };
        const start = procFields(zombie)[19];
        const out = copyOf(finished(), 'z1');
        writeFileSync(path.join(out, '.lock'), `${zombie} ${start} abcdef\n`);
        const r = cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.cache });
        return check(r).exit(0).noInternal().done(`zombie pid ${zombie}`);
      } finally {
        parent.kill('SIGKILL');
      }
    },
  },
  {
    item: '12', name: 'lock held by a live process (its pid and start time)', expected: 'exit 2 "being written by another run", names .lock',
    run: (ctx) => withSleeper((pid) => {
      const out = copyOf(finished(), 'z2');
      writeFileSync(path.join(out, '.lock'), `${pid} ${procFields(pid)[19]} abcdef\n`);
      return refused(cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.cache }), out, /another run/).names(path.join(out, '.lock')).done();
    }),
  },
  {
    item: '12', name: 'lock of a pid reused by another process (start time differs)', expected: 'exit 0: taken over',
    run: (ctx) => withSleeper((pid) => {
      const out = copyOf(finished(), 'z3');
      writeFileSync(path.join(out, '.lock'), `${pid} 12345 abcdef\n`);
      return check(cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.cache })).exit(0).noInternal().done();
    }),
  },
];
