/** The comparison's per-task table, and the knowledge/format split of choice tasks. */
import type { Comparison, TaskComparison } from '../../compare/types.js';
import { direction } from './charts/verdict.js';
import { esc, interval, pct, pts, pValue, sortKey } from './format.js';
import { cell, sortableTable, type Cell, type Column } from './table.js';

const COLUMNS: Column[] = [
  { label: 'task', type: 'text' },
  { label: 'category', type: 'text' },
  { label: 'family', type: 'text' },
  { label: 'split', type: 'text', title: 'held-out: the task family is not among those the tuned model was trained on' },
  { label: 'metric', type: 'text' },
  { label: 'base', type: 'num' },
  { label: 'tuned', type: 'num' },
  { label: 'Δ pts', type: 'num', title: 'tuned − base, percentage points' },
  { label: '95% CI', type: 'num', title: 'paired bootstrap interval of Δ' },
  { label: 'p', type: 'num' },
  { label: 'fixed / broken', type: 'num', title: 'items tuned got right and base wrong / the reverse (sorts by fixed − broken)' },
];

const CHOICE_KINDS: Record<string, string> = {
  acc: 'rank', acc_norm: 'rank', accuracy: 'generated', format_rate: 'generated',
};

function hasRank(c: Comparison, task: string): boolean {
  return c.tasks.some((t) => t.task === task && t.metric === 'acc');
}

function metricCell(c: Comparison, r: TaskComparison): Cell {
  const kind = hasRank(c, r.task) ? CHOICE_KINDS[r.metric] : undefined;
  const label = `${esc(r.metric)}${kind ? ` <span class="muted">(${kind})</span>` : ''}${r.primary ? ' <span class="tag" title="the task\'s primary metric">primary</span>' : ''}`;
  return { html: label, sort: r.metric };
}

function row(c: Comparison, r: TaskComparison): { cells: Cell[]; cls?: string } {
  const dir = direction(r.ci, r.higherIsBetter);
  const flips = r.fixed === undefined && r.broken === undefined ? '' : `${r.fixed ?? 0} / ${r.broken ?? 0}`;
  return {
    cls: r.primary ? 'primary' : 'secondary',
    cells: [
      cell(r.task), cell(r.category), cell(r.family),
      cell(r.heldOut ? 'held-out' : 'seen', undefined, r.heldOut ? 'held-out' : ''),
      metricCell(c, r),
      cell(pct(r.baseline?.value), sortKey(r.baseline?.value), 'num'),
      cell(pct(r.candidate?.value), sortKey(r.candidate?.value), 'num'),
      cell(pts(r.delta), sortKey(r.delta), `num ${dir}`),
      cell(interval(r.ci), sortKey(r.ci?.[0]), 'num'),
      cell(pValue(r.pValue), sortKey(r.pValue), 'num'),
      cell(flips, flips ? String((r.fixed ?? 0) - (r.broken ?? 0)) : '', 'num'),
    ],
  };
}

/** Every task × metric of the comparison; sortable by any column. */
export function comparisonTable(c: Comparison): string {
  return sortableTable('tasks-table', COLUMNS, c.tasks.map((r) => row(c, r)));
}

function find(c: Comparison, task: string, metric: string): TaskComparison | undefined {
  return c.tasks.find((t) => t.task === task && t.metric === metric);
}

function deltaCell(r: TaskComparison | undefined): string {
  if (!r) return '<td class="num muted">—</td>';
  const dir = direction(r.ci, r.higherIsBetter);
  return `<td class="num">${esc(pct(r.baseline?.value))} → ${esc(pct(r.candidate?.value))} <span class="${dir}">(${esc(pts(r.delta))})</span></td>`;
}

/** What the three numbers together say about where a choice task's change came from. */
export function splitReading(rank?: TaskComparison, gen?: TaskComparison, format?: TaskComparison): string {
  const k = rank ? direction(rank.ci) : 'unclear';
  const g = gen ? direction(gen.ci) : 'unclear';
  const f = format ? direction(format.ci) : 'unclear';
  if (k === 'worse') return 'rank accuracy fell: tuning cost knowledge';
  if (k === 'better' && g === 'better') return 'knows more, and it shows in generated answers';
  if (k === 'better') return gen ? 'knows more (rank), but generated answers do not show it clearly' : 'knows more: rank accuracy rose';
  if (g === 'better' && f === 'better') return 'the gain is mostly answer format: rank accuracy did not move clearly';
  if (g === 'better') return 'generated answers improved; rank accuracy did not move clearly';
  if (g === 'worse' || f === 'worse') return 'generated answers got worse while rank accuracy held';
  return 'no clear change';
}

/** Choice tasks: rank-classification acc (what the model knows) vs generated accuracy and format rate. */
export function choiceSplitTable(c: Comparison): string {
  const tasks = [...new Set(c.tasks.filter((t) => t.metric === 'acc').map((t) => t.task))];
  if (tasks.length === 0) return '';
  const rows = tasks.map((task) => {
    const [rank, gen, format] = [find(c, task, 'acc'), find(c, task, 'accuracy'), find(c, task, 'format_rate')];
    const split = rank?.heldOut ? '<span class="held-out">held-out</span>' : 'seen';
    return `<tr><td>${esc(task)}</td><td>${split}</td>${deltaCell(rank)}${deltaCell(gen)}${deltaCell(format)}<td>${esc(splitReading(rank, gen, format))}</td></tr>`;
  });
  const head = ['task', 'split', 'rank acc (knowledge)', 'generated accuracy', 'format rate', 'reading'].map((h) => `<th scope="col">${h}</th>`).join('');
  return `<div class="table-wrap"><table class="split"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
