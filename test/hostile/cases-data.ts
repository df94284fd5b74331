/** #19 items 6–8: lost data (merge over a finished run, log repair, compare writing into an input). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sameRunChanges } from './cases-numbers.js';
import { benchFile, copyOf, copyShards, finished } from './fixtures.js';
import { changed, check, cli, keysOf, refused, runArgs, snapshot, type HostileCase } from './lib.js';

const LOG = 'samples/base/toy-sentiment.jsonl';
const PLANNED = 4 * 3;

function editLog(dir: string, edit: (lines: string[]) => string): void {
  const f = path.join(dir, LOG);
  writeFileSync(f, edit(readFileSync(f, 'utf8').split('\n').filter((l) => l)));
}

export const dataCases: HostileCase[] = [
  {
    item: '6', name: 'merge sh1 sh2 (limit 4) --out <a finished run of limit 3>', expected: 'exit 2 naming the dir; run.json, results, logs unchanged', fast: true,
    async run(ctx) {
      const out = copyOf(finished(3), 'd1');
      const [sh1, sh2] = copyShards(false, 'd1s');
      const before = snapshot(out);
      const r = cli(['merge', sh1, sh2, '--out', out]);
      const diff = changed(before, snapshot(out));
      return refused(r, out).that(diff.length === 0, `changed: ${diff.join(', ')}`).done();
    },
  },
  {
    item: '6', name: 'merge sh1 sh2 --out <the same run made by run, limit 4>', expected: 'exit 0 (same run) or 2; logs and results unchanged',
    async run() {
      const out = copyOf(finished(), 'd1b');
      const [sh1, sh2] = copyShards(false, 'd1bs');
      const before = snapshot(out);
      const r = cli(['merge', sh1, sh2, '--out', out]);
      const diff = sameRunChanges(before, snapshot(out)).filter((n) => n.startsWith('samples/') || n.startsWith('results/') || n === 'run.json');
      return check(r).noInternal().that(r.code === 0 || r.code === 2, `exit ${r.code}`).that(diff.length === 0, `changed: ${diff.join(', ')}`).done();
    },
  },
  {
    item: '6', name: 'merge sh1 sh2 --out T twice (T already the merged run)', expected: 'exit 2 (or 0 with T unchanged), logs not appended',
    async run(ctx) {
      const [sh1, sh2] = copyShards(false, 'd2s');
      const T = path.join(ctx.tmp('d2'), 'T');
      cli(['merge', sh1, sh2, '--out', T]);
      const before = snapshot(T);
      const r = cli(['merge', sh1, sh2, '--out', T]);
      const diff = sameRunChanges(before, snapshot(T)).filter((n) => n.startsWith('samples/') || n.startsWith('results/') || n === 'run.json');
      return check(r).noInternal().that(r.code === 2 || r.code === 0, `exit ${r.code}`).that(diff.length === 0, `changed: ${diff.join(', ')}`)
        .that(keysOf(T, 'base').size === PLANNED, 'base lost keys').done(`exit ${r.code}`);
    },
  },
  {
    item: '7', name: 'log whose last record lacks its newline, two records missing; rerun', expected: 'exit 0, every planned record, nothing glued lost', fast: true,
    async run(ctx) {
      const out = copyOf(finished(), 'd3');
      editLog(out, (lines) => lines.slice(0, -2).join('\n'));
      const r = cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.tmp('d3c') });
      return check(r).exit(0).noInternal().that(keysOf(out, 'base').size === PLANNED, `base holds ${keysOf(out, 'base').size} of ${PLANNED} keys`).done();
    },
  },
  {
    item: '7', name: 'blank line + torn tail in a log; rerun three times', expected: 'exit 0 each time, record count never falls',
    async run(ctx) {
      const out = copyOf(finished(), 'd4');
      editLog(out, (lines) => [...lines.slice(0, 2), '', ...lines.slice(2, -1), lines.at(-1)!.slice(0, 40)].join('\n'));
      const codes: (number | null)[] = [];
      const sizes: number[] = [];
      let said = '';
      for (let i = 0; i < 3; i++) {
        const r = cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.tmp('d4c') });
        codes.push(r.code); sizes.push(keysOf(out, 'base').size); said += r.all;
      }
      return check({ code: codes.find((c) => c !== 0) ?? 0, all: said }).exit(0).noInternal()
        .that(sizes.every((s) => s === PLANNED), `keys after each rerun: ${sizes.join(', ')}`)
        .that(!/needs compare/.test(said), 'false "needs compare"').done(`exits ${codes.join(', ')}`);
    },
  },
  {
    item: '7', name: 'garbage line in the middle of a log; rerun', expected: 'exit 0; line moved to <task>.corrupt.jsonl, request asked again',
    async run(ctx) {
      const out = copyOf(finished(), 'd5');
      editLog(out, (lines) => [...lines.slice(0, 3), '{"key": "garb', ...lines.slice(3)].join('\n') + '\n');
      const r = cli(runArgs(benchFile(), out, 'toy-sentiment', 4), { cache: ctx.cache });
      const corrupt = readdirSync(path.join(out, 'samples/base')).find((f) => f.endsWith('.corrupt.jsonl'));
      return check(r).exit(0).noInternal().that(!!corrupt && readFileSync(path.join(out, 'samples/base', corrupt), 'utf8').includes('garb'), 'no .corrupt.jsonl holding the line')
        .that(keysOf(out, 'base').size === PLANNED, 'records lost').done();
    },
  },
  {
    item: '7', name: 'compare and gate on a run with a torn log (readers)', expected: 'the run folder is not written',
    async run(ctx) {
      const out = copyOf(finished(), 'd6');
      editLog(out, (lines) => [...lines.slice(0, -1), lines.at(-1)!.slice(0, 30)].join('\n'));
      const before = snapshot(out);
      const pol = `${ctx.tmp('d6p')}/gate.yaml`;
      writeFileSync(pol, 'rules:\n  - { name: ahead, scope: overall, min_gain: -1 }\n');
      const c = cli(['compare', path.join(out, 'results/base.json'), path.join(out, 'results/tuned.json'), '--out', path.join(ctx.tmp('d6o'), 'c')]);
      const g = cli(['gate', path.join(out, 'comparison.json'), '--policy', pol, '--out', ctx.tmp('d6j')]);
      const diff = changed(before, snapshot(out));
      return check(c).exit(0).noInternal().that(g.code === 0 || g.code === 1, `gate exit ${g.code}`).that(diff.length === 0, `written: ${diff.join(', ')}`).done();
    },
  },
  {
    item: '8', name: 'compare A B without --out', expected: "exit 0, B's folder untouched, says where it wrote", fast: true,
    async run(ctx) {
      const a = copyOf(finished(), 'd7a');
      const b = copyOf(finished(), 'd7b');
      const before = snapshot(b);
      const cwd = ctx.tmp('d7cwd');
      const r = cli(['compare', path.join(a, 'results/base.json'), path.join(b, 'results/tuned.json')], { cwd });
      const diff = changed(before, snapshot(b));
      const wrote = readdirSync(cwd, { recursive: true }).some((f) => String(f).endsWith('comparison.json'));
      return check(r).exit(0).noInternal().says(/wrote/).that(diff.length === 0, `B changed: ${diff.join(', ')}`).that(wrote, 'no comparison.json under the working directory').done();
    },
  },
  {
    item: '8', name: 'compare --out <a run directory>', expected: 'exit 2 naming the dir; run unchanged',
    async run(ctx) {
      const a = copyOf(finished(), 'd8');
      const before = snapshot(a);
      const r = cli(['compare', path.join(a, 'results/base.json'), path.join(a, 'results/tuned.json'), '--out', a]);
      return refused(r, a).that(changed(before, snapshot(a)).length === 0, 'run changed').that(existsSync(path.join(a, 'run.json')), 'run.json gone').done();
    },
  },
];
