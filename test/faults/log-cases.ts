/** Torn and corrupt lines at the start, middle and end of a log: compare reads them untouched, the rerun loses nothing. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultCase } from './kill-cases.js';
import { caseCache, cli, copyRun, measure, recordKeys, tmp } from './lib.js';

type Mutation = (lines: string[]) => string;

/** Flip a stretch in the middle of a line: the key at its start stays readable. */
const garble = (line: string) => `${line.slice(0, 60)}\u0000#corrupt#${line.slice(Math.min(line.length, 90))}`;

export const MUTATIONS: Record<string, Mutation> = {
  'corrupt first line': (l) => [`\u00ff\u00fe not a record at all`, ...l.slice(1)].join('\n') + '\n',
  'corrupt middle line': (l) => l.map((x, i) => (i === Math.floor(l.length / 2) ? garble(x) : x)).join('\n') + '\n',
  'corrupt last line': (l) => [...l.slice(0, -1), garble(l[l.length - 1]!)].join('\n') + '\n',
  'torn last line (no newline)': (l) => [...l.slice(0, -1), l[l.length - 1]!.slice(0, Math.floor(l[l.length - 1]!.length / 2))].join('\n'),
  'torn first line': (l) => [l[0]!.slice(0, 50), ...l.slice(1)].join('\n') + '\n',
  'blank line + torn tail': (l) => [...l.slice(0, 2), '', ...l.slice(2, -1), l[l.length - 1]!.slice(0, 40)].join('\n'),
  'last record without its newline': (l) => l.join('\n'),
  'two records glued in the middle': (l) => [...l.slice(0, 3), l[3]! + l[4]!, ...l.slice(5)].join('\n') + '\n',
};

function logsOf(dir: string): string[] {
  const samples = path.join(dir, 'samples');
  return readdirSync(samples).flatMap((m) => readdirSync(path.join(samples, m)).filter((f) => f.endsWith('.jsonl') && !f.endsWith('.corrupt.jsonl')).map((f) => path.join(samples, m, f)));
}

export function corruptCase(name: keyof typeof MUTATIONS & string): FaultCase {
  return {
    name,
    async run(ctx) {
      const dir = copyRun(ctx.ref, 'corrupt');
      const logs = logsOf(dir);
      const log = logs[Math.floor(ctx.rng() * logs.length)]!;
      writeFileSync(log, MUTATIONS[name]!(readFileSync(log, 'utf8').split('\n').filter(Boolean)));
      const bytes = readFileSync(log);
      const before = recordKeys(dir);
      const cache = caseCache(ctx.ref);
      const cmp = cli(['compare', path.join(dir, 'results/base.json'), path.join(dir, 'results/tuned.json'), '--out', tmp('cmp')], cache);
      const untouched = readFileSync(log).equals(bytes);
      const again = cli([...ctx.cfg.run, '--out', dir], cache);
      const m = measure(ctx.ref, dir, before);
      if (!untouched || cmp.code !== 0 || again.code !== 0) m.differ += 1;
      const quarantined = existsSync(log.replace('.jsonl', '.corrupt.jsonl')) ? readFileSync(log.replace('.jsonl', '.corrupt.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0;
      const said = again.stderr.match(/repaired [^\n]*/)?.[0] ?? 'no repair reported';
      return { name, ...m, note: `${path.relative(dir, log)}; compare exit ${cmp.code}, log ${untouched ? 'byte-identical' : 'CHANGED'}; rerun exit ${again.code}, ${quarantined} line(s) quarantined; ${said}` };
    },
  };
}
