import pc from 'picocolors';
import type { Comparison } from '../compare/types.js';
import { interval, pct, pValue, signedPts } from './format.js';
import { headlineLine } from './markdown.js';
import { terminalClaims } from './terminal-claims.js';

/** The side-by-side table printed at the end of a run (stdout: it is the result). */
export function terminalTable(c: Comparison): string {
  const fs = c.fewshot;
  const kCol = (task: string, metric: string) => (fs ? [pct(fs.vsKShot.tasks.find((x) => x.task === task && x.metric === metric)?.baseline.value)] : []);
  const header = ['task', 'category', 'set', 'metric', c.baseline.name, ...(fs ? [fs.kShotModel] : []), c.candidate.name, 'Δ pts', '95% CI', 'p'];
  const rows = c.tasks.filter((t) => t.primary).map((t) => [
    t.task, t.category, t.heldOut ? 'held-out' : 'seen', t.metric,
    pct(t.baseline.value), ...kCol(t.task, t.metric), pct(t.candidate.value), signedPts(t.delta), interval(t.ci, true), pValue(t.pValue),
  ]);
  for (const a of c.categories.filter((x) => x.scope === 'all')) {
    const k = fs?.vsKShot.categories.find((x) => x.scope === 'all' && x.category === a.category);
    rows.push([`[${a.category}]`, a.category ?? '', `${a.tasks} tasks`, 'primary', pct(a.baseline.value), ...(fs ? [pct(k?.baseline.value)] : []), pct(a.candidate.value), signedPts(a.delta), interval(a.ci, true), pValue(a.pValue)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const main = c.heldOut ?? c.overall;
  const colour = main.ci[0] > 0 ? pc.green : main.ci[1] < 0 ? pc.red : pc.yellow;
  const claims = terminalClaims(c);
  const lines = [...(claims ? [claims, ''] : []), pc.bold(line(header)), ...rows.map(line), '', colour(headlineLine(c))];
  if (c.pairing?.partial) lines.push(pc.yellow(`partial comparison: ${c.pairing.reasons.join('; ')}`));
  if (c.fewshot) {
    const fs = c.fewshot;
    const best = fs.vsBest.heldOut ?? fs.vsBest.overall;
    lines.push(`${c.candidate.name} 0-shot vs the better of ${c.baseline.name} 0-shot / ${fs.shots}-shot: ${signedPts(best.delta)} pts ${interval(best.ci, true)} (p ${pValue(best.pValue)})`);
  }
  return lines.join('\n');
}
