/** Every case of the hostile campaign, in #19's order, then the kinds found handled well. */
import { dataCases } from './cases-data.js';
import { errorCases } from './cases-errors.js';
import { numberCases } from './cases-numbers.js';
import { wellCases } from './cases-well.js';
import { cleanupAll, tmp, type HostileCase, type Outcome } from './lib.js';

export const cases: HostileCase[] = [...numberCases, ...dataCases, ...errorCases, ...wellCases];

export interface Row { n: number; c: HostileCase; o: Outcome; ms: number }

export async function runCases(list: HostileCase[], onRow: (r: Row) => void = () => {}): Promise<Row[]> {
  const cache = tmp('shared-cache');
  const rows: Row[] = [];
  for (const [i, c] of list.entries()) {
    const t0 = Date.now();
    let o: Outcome;
    try {
      o = await c.run({ tmp, cache });
    } catch (err) {
      o = { exit: null, problems: [`the case threw: ${(err as Error).message.split('\n')[0]}`] };
    }
    const row = { n: cases.indexOf(c) + 1 || i + 1, c, o, ms: Date.now() - t0 };
    rows.push(row);
    onRow(row);
  }
  return rows;
}

export const verdict = (o: Outcome) => (o.note?.startsWith('SKIPPED') ? 'skipped' : o.problems.length ? 'FAIL' : 'pass');

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
export const header = '| # | issue item | case | exit | expected | verdict |\n| --- | --- | --- | --- | --- | --- |';
export function rowLine(r: Row): string {
  const v = verdict(r.o);
  const detail = [r.o.problems.join('; '), r.o.note].filter(Boolean).join(' — ');
  return `| ${r.n} | ${r.c.item} | ${cell(r.c.name)} | ${r.o.exit ?? '—'} | ${cell(r.c.expected)} | ${v}${detail && v !== 'pass' ? `: ${cell(detail)}` : ''} |`;
}
export { cleanupAll };
