/** The report's first section: one row per claim of instruction tuning, with its effect, interval and verdict. */
import type { Comparison } from '../compare/types.js';
import { claimCells, secondaryLine } from './claims-text.js';
import { interval, markdownTable, pct, signedPts } from './format.js';

const VERDICT: Record<string, string> = {
  delivered: '**delivered**', 'not delivered': '**not delivered**', "can't tell": "can't tell", 'not measured': 'not measured',
};

export function claimsMarkdown(c: Comparison): string {
  const claims = c.claims ?? [];
  if (claims.length === 0) return '';
  const cells = claims.map(claimCells);
  const table = markdownTable(
    ['claim', 'tuning promises', `${c.baseline.name} → ${c.candidate.name}`, 'effect (tuned − base)', '95% CI', 'verdict'],
    cells.map((x) => [x.id, x.title, x.values, x.effect, x.ci, VERDICT[x.verdict] ?? x.verdict]),
  );
  const how = cells.map((x) => `- **${x.id}**: ${x.explain}`);
  const extra = claims.map(secondaryLine).filter(Boolean).map((line) => `- ${line}`);
  return [
    '## Claims: did tuning deliver?',
    `Each promise of instruction tuning, measured as ${c.candidate.name} − ${c.baseline.name} on the same items with a paired 95% interval.`,
    table,
    [...how, ...extra].join('\n'),
    perTask(c),
  ].filter(Boolean).join('\n\n');
}

/** Each task's share of the claims measured per task (the per-item paired view beside the template IQR below). */
function perTask(c: Comparison): string {
  const rows = (c.claims ?? []).filter((x) => x.id !== 'generalization' && x.id !== 'breadth')
    .flatMap((x) => x.parts.map((p) => [x.id, p.task ?? p.category ?? '', p.metric, `${pct(p.baseline)} → ${pct(p.candidate)}`, signedPts(p.delta), interval(p.ci, true), String(p.n)]));
  if (rows.length === 0) return '';
  return `Per task:\n\n${markdownTable(['claim', 'task', 'measured on', `${c.baseline.name} → ${c.candidate.name}`, 'Δ pts', '95% CI', 'items'], rows)}`;
}
