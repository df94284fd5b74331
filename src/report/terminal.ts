import pc from 'picocolors';
import type { Comparison } from '../compare/types.js';
import { interval, pct, pValue, signedPts } from './format.js';
import { headlineLine } from './markdown.js';

/** The side-by-side table printed at the end of a run (stdout: it is the result). */
export function terminalTable(c: Comparison): string {
  const header = ['task', 'category', 'set', 'metric', c.baseline.name, c.candidate.name, 'Δ pts', '95% CI', 'p'];
  const rows = c.tasks.filter((t) => t.primary).map((t) => [
    t.task, t.category, t.heldOut ? 'held-out' : 'seen', t.metric,
    pct(t.baseline.value), pct(t.candidate.value), signedPts(t.delta), interval(t.ci, true), pValue(t.pValue),
  ]);
  for (const a of c.categories.filter((x) => x.scope === 'all')) {
    rows.push([`[${a.category}]`, a.category ?? '', `${a.tasks} tasks`, 'primary', pct(a.baseline.value), pct(a.candidate.value), signedPts(a.delta), interval(a.ci, true), pValue(a.pValue)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const main = c.heldOut ?? c.overall;
  const colour = main.ci[0] > 0 ? pc.green : main.ci[1] < 0 ? pc.red : pc.yellow;
  return [pc.bold(line(header)), ...rows.map(line), '', colour(headlineLine(c))].join('\n');
}
