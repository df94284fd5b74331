/** The claims scorecard as plain-text cells, shared by the Markdown report and the terminal table. */
import type { Claim } from '../compare/claims-types.js';
import { interval, pct, signedPts } from './format.js';

export interface ClaimCells {
  id: string;
  title: string;
  /** "21.3 → 27.9" (breadth: "4 of 4 categories"). */
  values: string;
  /** "+6.7 pts" (breadth: "100%"). */
  effect: string;
  ci: string;
  verdict: string;
  /** The measure, the rule for "delivered", and any note, in one sentence each. */
  explain: string;
}

const isNum = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

function breadthCounts(c: Claim): string {
  const n = c.parts.length;
  const ahead = c.parts.filter((p) => p.ci[0] > 0).length;
  return `${ahead} of ${n} categories`;
}

export function claimCells(c: Claim): ClaimCells {
  const measured = c.verdict !== 'not measured';
  const share = c.id === 'breadth';
  const values = !measured ? '—' : share ? breadthCounts(c) : `${pct(c.baseline)} → ${pct(c.candidate)}`;
  const effect = !measured || !isNum(c.effect) ? '—' : share ? `${pct(c.effect)}%` : `${signedPts(c.effect)} pts`;
  const ci = !measured || !c.ci ? '—' : share ? `[${pct(c.ci[0])}%, ${pct(c.ci[1])}%]` : interval(c.ci, true);
  const lower = c.better === 'lower' ? ' (lower is better)' : '';
  const explain = [`${c.measure}${lower}.`, `Delivered when ${c.rule}.`, c.note ? `${capital(c.note)}.` : ''].filter(Boolean).join(' ');
  return { id: c.id, title: c.title, values, effect, ci, verdict: c.verdict, explain };
}

/** The secondary measure of a claim (stability's score variance), as one line, or ''. */
export function secondaryLine(c: Claim): string {
  const s = c.secondary;
  if (!s) return '';
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
  return `${c.id}, ${s.measure}: ${f(s.baseline)} → ${f(s.candidate)}, ${s.effect >= 0 ? '+' : ''}${f(s.effect)} [${f(s.ci[0])}, ${f(s.ci[1])}]`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
