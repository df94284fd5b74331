/** The report's first section: one row per claim of instruction tuning, with its effect, interval and verdict. */
import type { Comparison } from '../compare/types.js';
import { claimCells, secondaryLine } from './claims-text.js';
import { markdownTable } from './format.js';

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
  ].join('\n\n');
}
