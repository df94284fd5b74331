/** The claims scorecard across runs: one row per claim, one column per run, each cell the verdict with its effect. */
import type { Claim } from '../../compare/claims-types.js';
import { claimCells } from '../../report/claims-text.js';
import { esc } from '../../report/html/format.js';
import type { Cell } from '../../report/html/table.js';
import type { RunSummary } from '../read-run.js';
import type { ReleaseRun } from '../releases.js';

const VERDICT_CLASS: Record<Claim['verdict'], string> = {
  delivered: 'better', 'not delivered': 'worse', "can't tell": 'unclear', 'not measured': 'muted',
};

/** The index's cell: "3 of 5 delivered", each claim's verdict in the tooltip. */
export function claimsCell(run: RunSummary): Cell {
  const claims = run.comparison?.claims ?? [];
  if (claims.length === 0) return { html: '<span class="muted">—</span>', sort: '' };
  const measured = claims.filter((c) => c.verdict !== 'not measured');
  const delivered = measured.filter((c) => c.verdict === 'delivered').length;
  const tip = claims.map((c) => `${c.id}: ${c.verdict}`).join('\n');
  return { html: `<span title="${esc(tip)}" data-claims="${delivered}/${measured.length}">${delivered} of ${measured.length} delivered</span>`, sort: String(delivered) };
}

/** The releases page's scorecard table; '' when no run has claims. */
export function claimsAcrossRuns(runs: ReleaseRun[]): string {
  const ids = [...new Set(runs.flatMap((r) => (r.comparison.claims ?? []).map((c) => c.id)))];
  if (ids.length === 0) return '';
  const head = runs.map((r) => `<th scope="col">${esc(r.id)}</th>`).join('');
  const rows = ids.map((id) => {
    const title = runs.map((r) => r.comparison.claims?.find((c) => c.id === id)?.title).find(Boolean) ?? id;
    const cells = runs.map((r) => {
      const claim = r.comparison.claims?.find((c) => c.id === id);
      if (!claim) return '<td class="muted">—</td>';
      const t = claimCells(claim);
      const numbers = claim.verdict === 'not measured' ? '' : ` <span class="muted">${esc(t.effect)} ${esc(t.ci)}</span>`;
      return `<td data-claim="${esc(id)}" title="${esc(t.explain)}"><span class="${VERDICT_CLASS[claim.verdict]}">${esc(claim.verdict)}</span>${numbers}</td>`;
    }).join('');
    return `<tr><td><strong>${esc(id)}</strong><br><span class="muted">${esc(title)}</span></td>${cells}</tr>`;
  }).join('');
  return `<div class="table-wrap"><table class="claims-runs"><thead><tr><th scope="col">claim</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
