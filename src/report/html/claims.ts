/** The page's headline: the claims scorecard, one row per promise, with its interval drawn against its threshold. */
import type { Claim } from '../../compare/claims-types.js';
import type { Comparison } from '../../compare/types.js';
import { claimCells } from '../claims-text.js';
import { esc, isNum } from './format.js';

const BADGE: Record<string, string> = { delivered: 'better', 'not delivered': 'worse', "can't tell": 'unclear', 'not measured': 'unmeasured' };

/** The threshold the interval is judged against: 0, −margin, or for breadth the full share. */
function threshold(c: Claim): number {
  if (c.id === 'breadth') return 1;
  return c.margin !== undefined ? -c.margin : 0;
}

/** A small interval strip: the effect's interval, its point, and the threshold line. */
function strip(c: Claim): string {
  if (!c.ci || !isNum(c.ci[0]) || !isNum(c.ci[1]) || !isNum(c.effect)) return '';
  const t = threshold(c);
  let lo = Math.min(c.ci[0], t, c.id === 'breadth' ? 0 : t);
  let hi = Math.max(c.ci[1], t);
  const pad = Math.max((hi - lo) * 0.12, 0.01);
  lo -= pad;
  hi += pad;
  const x = (v: number) => (10 + ((v - lo) / (hi - lo)) * 140).toFixed(1);
  const cls = BADGE[c.verdict] ?? 'unclear';
  return `<svg class="chart claim-strip" viewBox="0 0 160 22" width="160" height="22" role="img" aria-label="${esc(`${c.id} interval`)}">`
    + `<line class="zero" x1="${x(t)}" x2="${x(t)}" y1="2" y2="20"></line>`
    + `<line class="whisker" x1="${x(c.ci[0])}" x2="${x(c.ci[1])}" y1="11" y2="11"></line>`
    + `<circle class="point ${cls}" cx="${x(c.effect)}" cy="11" r="4.5"></circle></svg>`;
}

function row(c: Claim): string {
  const x = claimCells(c);
  const cls = BADGE[c.verdict] ?? 'unclear';
  return `<tr class="claim" data-claim="${esc(c.id)}"><td><strong>${esc(x.title)}</strong><br><code class="muted">${esc(x.id)}</code></td>`
    + `<td class="num">${esc(x.values)}</td><td class="num ${cls === 'unmeasured' ? '' : cls}">${esc(x.effect)}</td><td class="num">${esc(x.ci)}</td>`
    + `<td>${strip(c)}</td><td><span class="badge ${cls}">${esc(x.verdict)}</span></td></tr>`
    + `<tr class="claim-how"><td colspan="6">${esc(x.explain).replace(/`([^`]+)`/gu, '<code>$1</code>')}</td></tr>`;
}

/** The scorecard block at the top of the page (empty when the comparison has no claims). */
export function claimsHeadline(c: Comparison): string {
  const claims = c.claims ?? [];
  if (claims.length === 0) return '';
  const delivered = claims.filter((x) => x.verdict === 'delivered').length;
  const measured = claims.filter((x) => x.verdict !== 'not measured').length;
  return `<section class="claims" id="claims">
<p class="eyebrow">Did tuning deliver?</p>
<p class="verdict">${delivered} of ${claims.length} claims delivered (${measured} measured): ${esc(c.candidate.name)} − ${esc(c.baseline.name)} on the same items, paired 95% intervals.</p>
<div class="table-wrap"><table class="claims-table"><thead><tr><th>claim</th><th class="num">${esc(c.baseline.name)} → ${esc(c.candidate.name)}</th><th class="num">effect</th><th class="num">95% CI</th><th>interval vs threshold</th><th>verdict</th></tr></thead>
<tbody>${claims.map(row).join('')}</tbody></table></div>
</section>`;
}
