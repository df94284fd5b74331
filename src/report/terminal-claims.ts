/** The claims scorecard as the first thing `heldout run` and `heldout compare` print. */
import pc from 'picocolors';
import type { Comparison } from '../compare/types.js';
import { claimCells, secondaryLine } from './claims-text.js';

const COLOUR: Record<string, (s: string) => string> = {
  delivered: pc.green, 'not delivered': pc.red, "can't tell": pc.yellow, 'not measured': pc.dim,
};

export function terminalClaims(c: Comparison): string {
  const claims = c.claims ?? [];
  if (claims.length === 0) return '';
  const header = ['claim', 'tuning promises', `${c.baseline.name} → ${c.candidate.name}`, 'effect', '95% CI', 'verdict'];
  const rows = claims.map((claim) => {
    const x = claimCells(claim);
    return [x.id, x.title, x.values, x.effect, x.ci, x.verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const notes = claims.filter((x) => x.verdict === 'not measured' && x.note).map((x) => pc.dim(`  ${x.id}: not measured: ${x.note}`));
  const extra = claims.map(secondaryLine).filter(Boolean).map((s) => `  ${s}`);
  return [
    pc.bold(`Claims: did tuning deliver? (${c.candidate.name} − ${c.baseline.name}, paired 95% intervals)`),
    pc.bold(line(header)),
    ...rows.map((r, i) => (COLOUR[claims[i]!.verdict] ?? ((s: string) => s))(line(r))),
    ...extra,
    ...notes,
  ].join('\n');
}
