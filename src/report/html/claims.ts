/**
 * The page's headline: the claims scorecard, one row per promise, with its interval drawn against
 * its threshold. Every claim measured in points shares one scale (drawn as an axis above the
 * strips), so intervals compare across rows and 0 sits at the same place in each; breadth, a
 * share of categories, has its own 0–100% strip. On a narrow screen each claim becomes a card.
 */
import type { Claim } from '../../compare/claims-types.js';
import type { Comparison } from '../../compare/types.js';
import { claimCells } from '../claims-text.js';
import { esc, isNum, pts } from './format.js';

const BADGE: Record<string, string> = { delivered: 'better', 'not delivered': 'worse', "can't tell": 'unclear', 'not measured': 'unmeasured' };

const WIDTH = 220;
const LEFT = 12;
const RIGHT = WIDTH - 12;

/** The threshold the interval is judged against: 0, −margin, or for breadth the full share. */
function threshold(c: Claim): number {
  if (c.id === 'breadth') return 1;
  return c.margin !== undefined ? -c.margin : 0;
}

const drawn = (c: Claim): c is Claim & { ci: [number, number]; effect: number } =>
  !!c.ci && isNum(c.ci[0]) && isNum(c.ci[1]) && isNum(c.effect);

interface Scale { lo: number; hi: number; x: (v: number) => number; ticks: number[] }

/** One scale in points for every drawn claim but breadth: their intervals, effects and thresholds, and 0. */
function sharedScale(claims: Claim[]): Scale {
  const values = [0];
  for (const c of claims) if (c.id !== 'breadth' && drawn(c)) values.push(c.ci[0], c.ci[1], c.effect, threshold(c));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = Math.max(max - min, 0.02);
  const lo = min - span * 0.04;
  const hi = max + span * 0.04;
  const step = niceStep(span);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi; k++) ticks.push(k === 0 ? 0 : k * step);
  return { lo, hi, ticks, x: (v) => LEFT + ((v - lo) / (hi - lo)) * (RIGHT - LEFT) };
}

/** A step of 1, 2 or 5 × 10^k (in fractions) giving three to five ticks over `span`. */
function niceStep(span: number): number {
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

const breadthScale: Scale = { lo: 0, hi: 1, ticks: [0, 1], x: (v) => LEFT + v * (RIGHT - LEFT) };

/** A tick in points: whole points when the ticks allow it ("+20", "−5"), else one decimal. */
function tickLabel(v: number, ticks: number[]): string {
  if (v === 0) return '0';
  const whole = ticks.every((t) => Math.abs(t * 100 - Math.round(t * 100)) < 1e-6);
  const s = whole ? String(Math.round(v * 100)) : (v * 100).toFixed(1);
  return v > 0 ? `+${s}` : s.replace('-', '\u2212');
}

/** The axis drawn above the strips: the shared scale's ticks in points. */
function axis(s: Scale): string {
  const ticks = s.ticks.map((v) => {
    const x = s.x(v).toFixed(1);
    return `<line class="grid" x1="${x}" x2="${x}" y1="15" y2="20"></line><text class="tick" x="${x}" y="11" text-anchor="middle">${esc(tickLabel(v, s.ticks))}</text>`;
  }).join('');
  return `<svg class="chart claim-axis" viewBox="0 0 ${WIDTH} 22" width="${WIDTH}" height="22" role="img" aria-label="scale of the intervals, in points">`
    + `<line class="sep" x1="${LEFT}" x2="${RIGHT}" y1="20" y2="20"></line>${ticks}<text class="tick" x="${RIGHT + 4}" y="23" text-anchor="start">pts</text></svg>`;
}

/** A strip: the effect's interval (with end caps, so a narrow one stays visible), its point, and the threshold line. */
function strip(c: Claim, shared: Scale): string {
  if (!drawn(c)) return '';
  const s = c.id === 'breadth' ? breadthScale : shared;
  const x = (v: number) => Math.min(RIGHT + 6, Math.max(LEFT - 6, s.x(v))).toFixed(1);
  const t = threshold(c);
  const cls = BADGE[c.verdict] ?? 'unclear';
  const lines = [`<line class="zero" x1="${x(t)}" x2="${x(t)}" y1="1" y2="19"></line>`];
  if (c.id !== 'breadth' && t !== 0) lines.unshift(`<line class="grid" x1="${x(0)}" x2="${x(0)}" y1="1" y2="19"></line>`);
  const ends = c.id === 'breadth' ? `<line class="sep" x1="${LEFT}" x2="${RIGHT}" y1="19" y2="19"></line><text class="tick" x="${LEFT}" y="26" text-anchor="middle">0%</text><text class="tick" x="${RIGHT}" y="26" text-anchor="middle">100%</text>` : '';
  const label = c.id === 'breadth'
    ? `${c.id}: ${Math.round(c.effect * 100)}% of categories, interval ${Math.round(c.ci[0] * 100)}–${Math.round(c.ci[1] * 100)}%, threshold 100%`
    : `${c.id}: ${pts(c.effect)} pts [${pts(c.ci[0])}, ${pts(c.ci[1])}], threshold ${t === 0 ? '0' : pts(t)} pts`;
  return `<svg class="chart claim-strip" viewBox="0 0 ${WIDTH} 26" width="${WIDTH}" height="26" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>`
    + `${lines.join('')}${ends}`
    + `<line class="whisker" x1="${x(c.ci[0])}" x2="${x(c.ci[1])}" y1="10" y2="10"></line>`
    + `<line class="whisker" x1="${x(c.ci[0])}" x2="${x(c.ci[0])}" y1="6" y2="14"></line><line class="whisker" x1="${x(c.ci[1])}" x2="${x(c.ci[1])}" y1="6" y2="14"></line>`
    + `<circle class="point ${cls}" cx="${x(c.effect)}" cy="10" r="4.5"></circle></svg>`;
}

function row(c: Claim, shared: Scale, base: string, cand: string): string {
  const x = claimCells(c);
  const cls = BADGE[c.verdict] ?? 'unclear';
  return `<tr class="claim" data-claim="${esc(c.id)}"><td class="claim-name"><strong>${esc(x.title)}</strong><br><code class="muted">${esc(x.id)}</code></td>`
    + `<td class="num" data-label="${esc(`${base} → ${cand}`)}">${esc(x.values)}</td><td class="num ${cls === 'unmeasured' ? '' : cls}" data-label="effect">${esc(x.effect)}</td><td class="num" data-label="95% CI">${esc(x.ci)}</td>`
    + `<td class="claim-drawing">${strip(c, shared)}</td><td class="claim-verdict"><span class="badge ${cls}">${esc(x.verdict)}</span></td></tr>`
    + `<tr class="claim-how"><td colspan="6">${esc(x.explain).replace(/`([^`]+)`/gu, '<code>$1</code>')}</td></tr>`;
}

/** The scorecard block at the top of the page (empty when the comparison has no claims). */
export function claimsHeadline(c: Comparison): string {
  const claims = c.claims ?? [];
  if (claims.length === 0) return '';
  const delivered = claims.filter((x) => x.verdict === 'delivered').length;
  const measured = claims.filter((x) => x.verdict !== 'not measured').length;
  const shared = sharedScale(claims);
  const base = c.baseline.name;
  const cand = c.candidate.name;
  return `<section class="claims" id="claims">
<p class="eyebrow">Did tuning deliver?</p>
<p class="verdict">${delivered} of ${claims.length} claims delivered (${measured} measured): ${esc(cand)} − ${esc(base)} on the same items, paired 95% intervals.</p>
<div class="table-wrap"><table class="claims-table"><thead><tr><th>claim</th><th class="num">${esc(base)} → ${esc(cand)}</th><th class="num">effect</th><th class="num">95% CI</th><th>interval vs threshold (dashed)</th><th>verdict</th></tr></thead>
<tbody><tr class="claim-axis-row"><td colspan="4" class="axis-note">one scale in points for every row but breadth (a share of categories, 0–100%)</td><td class="claim-drawing">${axis(shared)}</td><td></td></tr>${claims.map((x) => row(x, shared, base, cand)).join('')}</tbody></table></div>
</section>`;
}
