/** Grouped bars: base vs tuned per category (macro average of primary metrics), with 95% whiskers. */
import type { AggregateComparison, Comparison } from '../../../compare/types.js';
import type { MetricValue } from '../../../runner/result-types.js';
import { interval, isNum, pct, pts } from '../format.js';
import { CHART_WIDTH, el, linearScale, niceTicks, svg, text, xAxis, type Scale } from './svg.js';
import { clip } from './verdict.js';

const WIDTH = CHART_WIDTH;
const LABEL_W = 210;
const VALUE_W = 150;
const GROUP = 38;
const BAR = 11;
const TOP = 14;

interface Group {
  label: string;
  agg: AggregateComparison;
}

/** The per-category chart of a comparison, with the overall / held-out / seen groups first. */
export function categoryBars(c: Comparison): string {
  const groups = chartGroups(c);
  const x = linearScale(0, 1, LABEL_W, WIDTH - VALUE_W);
  const bottom = TOP + groups.length * GROUP;
  const names = { baseline: c.baseline.name, candidate: c.candidate.name };
  const body = [
    xAxis(x, niceTicks(0, 1, 5), TOP, bottom, (t) => `${Math.round(t * 100)}%`),
    ...groups.map((g, i) => group(g, TOP + i * GROUP, x, names)),
  ].join('');
  return svg(WIDTH, bottom + 22, 'Base vs tuned per category', body, 'chart categories');
}

/** Overall, held-out and seen; then each category, with its held-out / seen split when it has both. */
export function chartGroups(c: Comparison): Group[] {
  const groups: Group[] = [{ label: 'all tasks', agg: c.overall }];
  if (c.heldOut && c.seen) groups.push({ label: 'held-out tasks', agg: c.heldOut }, { label: 'seen tasks', agg: c.seen });
  for (const all of c.categories.filter((a) => a.scope === 'all')) {
    groups.push({ label: `${all.category}`, agg: all });
    const parts = c.categories.filter((a) => a.category === all.category && a.scope !== 'all');
    if (parts.length < 2) continue;
    for (const p of parts) groups.push({ label: `${all.category} · ${p.scope}`, agg: p });
  }
  return groups;
}

function group(g: Group, top: number, x: Scale, names: { baseline: string; candidate: string }): string {
  const label = `${clip(g.label, 26)}`;
  const sub = `${g.agg.tasks} task${g.agg.tasks === 1 ? '' : 's'} · Δ ${pts(g.agg.delta)}`;
  return el('g', { class: 'group', 'data-group': g.label }, undefined, [
    text(4, top + 15, label, { class: 'label strong' }),
    text(4, top + 29, sub, { class: 'muted' }),
    bar('baseline', names.baseline, g.agg.baseline, top + 5, x, g.label),
    bar('candidate', names.candidate, g.agg.candidate, top + 5 + BAR + 3, x, g.label),
  ].join(''));
}

function bar(side: 'baseline' | 'candidate', model: string, v: MetricValue, y: number, x: Scale, label: string): string {
  const value = isNum(v?.value) ? v.value : 0;
  const lo = v?.ci?.[0];
  const hi = v?.ci?.[1];
  const whisker = isNum(lo) && isNum(hi)
    ? el('line', { class: 'whisker', x1: x(lo), x2: x(hi), y1: y + BAR / 2, y2: y + BAR / 2 })
      + el('line', { class: 'whisker', x1: x(lo), x2: x(lo), y1: y + 2, y2: y + BAR - 2 })
      + el('line', { class: 'whisker', x1: x(hi), x2: x(hi), y1: y + 2, y2: y + BAR - 2 })
    : '';
  const tip = `${label}, ${model}: ${pct(v?.value)} ${interval(v?.ci, '%')}`;
  return el('g', {}, tip, [
    el('rect', { class: `bar ${side}`, 'data-bar': 'category', 'data-model': side, x: x(0), y, width: Math.max(0, x(value) - x(0)), height: BAR }),
    whisker,
    text(WIDTH - VALUE_W + 8, y + BAR - 1.5, `${pct(v?.value)}`, { class: `value ${side}-text` }),
    text(WIDTH - 4, y + BAR - 1.5, interval(v?.ci), { class: 'muted', 'text-anchor': 'end' }),
  ].join(''));
}
