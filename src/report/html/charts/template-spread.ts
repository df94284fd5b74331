/** Prompt sensitivity: per task, each template's score as dots per model, over its IQR box and median. */
import type { RunResult, TaskResult } from '../../../runner/result-types.js';
import { isNum, pct } from '../format.js';
import { CHART_WIDTH, el, linearScale, niceTicks, svg, text, xAxis, type Scale } from './svg.js';
import { clip } from './verdict.js';

const WIDTH = CHART_WIDTH;
const LABEL_W = 210;
const RIGHT = 120;
const LANE = 15;
const TOP = 14;

/** Models to plot, in the colour order the page's legend uses (class `m0`, `m1`, …). */
export interface SpreadModel {
  name: string;
  result: RunResult;
}

export function templateSpreadChart(models: SpreadModel[]): string {
  const first = models[0];
  if (!first) return '';
  const tasks = first.result.tasks.map((t) => t.id);
  const x = linearScale(0, 1, LABEL_W, WIDTH - RIGHT);
  const groupH = models.length * LANE + 12;
  const bottom = TOP + tasks.length * groupH;
  const body = [
    ...tasks.map((_, i) => (i % 2 ? '' : el('rect', { class: 'band', x: 0, y: TOP + i * groupH, width: WIDTH, height: groupH }))),
    xAxis(x, niceTicks(0, 1, 5), TOP, bottom, (t) => `${Math.round(t * 100)}%`),
    ...tasks.map((id, i) => taskGroup(id, models, TOP + i * groupH, x)),
  ].join('');
  return svg(WIDTH, bottom + 22, 'Score of each prompt template per task and model', body, 'chart spread');
}

function taskGroup(id: string, models: SpreadModel[], top: number, x: Scale): string {
  const primary = models[0]?.result.tasks.find((t) => t.id === id)?.primary ?? '';
  const lanes = models.map((m, i) => lane(m.result.tasks.find((t) => t.id === id), primary, i, m.name, top + 6 + i * LANE, x));
  const h = models.length * LANE + 12;
  return el('g', { class: 'spread-task', 'data-task': id }, undefined, [
    text(4, top + h / 2, clip(id, 28), { class: 'label strong' }),
    text(4, top + h / 2 + 13, primary, { class: 'muted' }),
    ...lanes,
  ].join(''));
}

function lane(task: TaskResult | undefined, metric: string, i: number, model: string, y: number, x: Scale): string {
  const cy = y + LANE / 2;
  const s = task?.spread[metric];
  if (!task || !s) return text(x(0), cy + 4, `${model}: no result`, { class: 'muted' });
  const tip = `${task.id}, ${model}: median ${pct(s.median)}, IQR ${pct(s.q1)}–${pct(s.q3)}, best ${s.best.id} ${pct(s.best.value)}, worst ${s.worst.id} ${pct(s.worst.value)}`;
  const dots = Object.entries(task.templates).map(([tid, values]) => {
    const v = values[metric]?.value;
    return isNum(v) ? el('circle', { class: `dot m${i}`, cx: x(v), cy, r: 3.5 }, `${model}, template ${tid}: ${pct(v)}`) : '';
  });
  return el('g', { class: `lane m${i}` }, undefined, [
    el('line', { class: 'range', x1: x(s.min), x2: x(s.max), y1: cy, y2: cy }),
    el('rect', { class: `iqr m${i}`, 'data-bar': 'spread', 'data-model': model, x: x(s.q1), y: cy - 5, width: Math.max(2, x(s.q3) - x(s.q1)), height: 10 }, tip),
    el('line', { class: 'median', x1: x(s.median), x2: x(s.median), y1: cy - 6, y2: cy + 6 }),
    ...dots,
    text(WIDTH - RIGHT + 8, cy + 4, `IQR ${isNum(s.iqr) ? (s.iqr * 100).toFixed(1) : '—'} pts`, { class: `value m${i}-text` }),
  ].join(''));
}
