/** Forest plot: each task's gain (primary metric) with its paired 95% interval, zero line, held-out marked. */
import type { AggregateComparison, Comparison, TaskComparison } from '../../../compare/types.js';
import { interval, isNum, pPhrase, pts } from '../format.js';
import { CHART_WIDTH, el, linearScale, niceDomain, niceTicks, svg, text, xAxis, type Scale } from './svg.js';
import { clip, direction } from './verdict.js';

const WIDTH = CHART_WIDTH;
const LABEL_W = 210;
const VALUE_W = 190;
const ROW = 26;
const TOP = 24;

interface Layout {
  x: Scale;
  y: (row: number) => number;
}

/** The forest plot of a comparison's primary-metric rows; '' when there are none. */
export function forestPlot(comparison: Comparison): string {
  const rows = comparison.tasks.filter((t) => t.primary);
  if (rows.length === 0) return '';
  const summaries = summaryRows(comparison);
  const all = [...rows, ...summaries.map((s) => s.agg)];
  const domain = niceDomain(all.flatMap((r) => [r.delta, r.ci?.[0], r.ci?.[1]]).filter(isNum));
  const x = linearScale(domain[0], domain[1], LABEL_W, WIDTH - VALUE_W);
  const gap = summaries.length ? 12 : 0;
  const y = (row: number) => TOP + row * ROW + ROW / 2 + (row >= rows.length ? gap : 0);
  const plotBottom = y(all.length - 1) + ROW / 2;
  const layout = { x, y };
  const body = [
    ...rows.map((_, i) => (i % 2 ? '' : el('rect', { class: 'band', x: 0, y: y(i) - ROW / 2, width: WIDTH, height: ROW }))),
    xAxis(x, niceTicks(domain[0], domain[1]), TOP, plotBottom, (t) => pts(t)),
    el('line', { class: 'zero', x1: x(0), x2: x(0), y1: TOP, y2: plotBottom }),
    text(WIDTH - VALUE_W + 8, TOP - 8, 'gain, points [95% CI]', { class: 'axis-title' }),
    ...rows.map((r, i) => taskRow(r, i, layout)),
    summaries.length ? el('line', { class: 'sep', x1: 0, x2: WIDTH, y1: y(rows.length) - ROW / 2 - gap / 2, y2: y(rows.length) - ROW / 2 - gap / 2 }) : '',
    ...summaries.map((s, i) => summaryRow(s.label, s.agg, rows.length + i, layout)),
  ].join('');
  return svg(WIDTH, plotBottom + 22, 'Per-task gain with 95% intervals', body, 'chart forest');
}

function summaryRows(c: Comparison): { label: string; agg: AggregateComparison }[] {
  const out = [];
  if (c.heldOut) out.push({ label: `held-out (${c.heldOut.tasks} tasks)`, agg: c.heldOut });
  if (c.seen) out.push({ label: `seen (${c.seen.tasks} tasks)`, agg: c.seen });
  out.push({ label: `all (${c.overall.tasks} tasks)`, agg: c.overall });
  return out;
}

function taskRow(r: TaskComparison, i: number, { x, y }: Layout): string {
  const cy = y(i);
  const dir = direction(r.ci, r.higherIsBetter);
  const lo = isNum(r.ci?.[0]) ? r.ci[0] : r.delta;
  const hi = isNum(r.ci?.[1]) ? r.ci[1] : r.delta;
  const tip = `${r.task} (${r.heldOut ? 'held-out' : 'seen'}, ${r.metric}): ${pts(r.delta)} pts ${interval(r.ci)}, ${pPhrase(r.pValue)}`;
  const marker = r.heldOut
    ? el('rect', { class: 'mark held-out', x: 4, y: cy - 4, width: 8, height: 8 })
    : el('rect', { class: 'mark seen', x: 4.5, y: cy - 3.5, width: 7, height: 7 });
  const cx = isNum(r.delta) ? x(r.delta) : x(0);
  return el('g', { class: `row ${dir}`, 'data-task': r.task }, tip, [
    marker,
    text(18, cy + 4, clip(r.task, 28), { class: r.heldOut ? 'label strong' : 'label' }),
    el('rect', { class: `ci ${dir}`, 'data-bar': 'forest', 'data-task': r.task, x: x(lo), y: cy - 2.5, width: Math.max(1.5, x(hi) - x(lo)), height: 5, rx: 2 }),
    el('circle', { class: `point ${dir}`, cx, cy, r: 4.5 }),
    text(WIDTH - VALUE_W + 8, cy + 4, `${pts(r.delta)} ${interval(r.ci)}`, { class: 'value' }),
    text(WIDTH - 6, cy + 4, clip(r.metric, 10), { class: 'muted', 'text-anchor': 'end' }),
  ].join(''));
}

function summaryRow(label: string, a: AggregateComparison, i: number, { x, y }: Layout): string {
  const cy = y(i);
  const dir = direction(a.ci);
  const d = isNum(a.delta) ? a.delta : 0;
  const lo = isNum(a.ci?.[0]) ? a.ci[0] : d;
  const hi = isNum(a.ci?.[1]) ? a.ci[1] : d;
  const path = `M${x(lo).toFixed(1)},${cy} L${x(d).toFixed(1)},${cy - 7} L${x(hi).toFixed(1)},${cy} L${x(d).toFixed(1)},${cy + 7} Z`;
  const tip = `${label}: ${pts(a.delta)} pts ${interval(a.ci)}, ${pPhrase(a.pValue)}`;
  return el('g', { class: `row summary ${dir}` }, tip, [
    text(18, cy + 4, label, { class: 'label strong' }),
    el('path', { class: `diamond ${dir}`, 'data-summary': a.scope, d: path }),
    text(WIDTH - VALUE_W + 8, cy + 4, `${pts(a.delta)} ${interval(a.ci)}`, { class: 'value strong' }),
    text(WIDTH - 6, cy + 4, 'macro', { class: 'muted', 'text-anchor': 'end' }),
  ].join(''));
}
