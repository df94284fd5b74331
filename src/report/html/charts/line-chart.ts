/**
 * Line chart: several series over a numeric or ordinal x axis, each point's 95% interval drawn as a
 * translucent band around the line. Used for scores across releases and gain against a swept setting.
 */
import { interval, isNum, pct, pts } from '../format.js';
import { CHART_WIDTH, el, linearScale, niceDomain, niceTicks, svg, text, type Scale } from './svg.js';
import { clip } from './verdict.js';

/** One measured value; `value: null` leaves a gap in the line. */
export interface LinePoint {
  x: number | string;
  value: number | null | undefined;
  ci?: readonly [number, number] | null;
  /** Extra words for the point's tooltip (a run's name, an item count). */
  note?: string;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
}

export interface LineChartOptions {
  /** The chart's accessible name (also the SVG's aria-label). */
  label: string;
  /** `percent`: scores in [0, 1] shown as 45.2%; `points`: differences shown as +1.2 with a dashed zero line. */
  units?: 'percent' | 'points';
  xTitle?: string;
  yTitle?: string;
  /** Ordinal axes: the order of the x labels (default: order of first appearance over all series). */
  xOrder?: string[];
  /** viewBox size (default 960 × 320); a smaller width suits small multiples side by side. */
  width?: number;
  height?: number;
  /** Extra class on the `<svg>` (always has `chart line-chart`). */
  cls?: string;
}

const LEFT = 64;
const RIGHT = 24;
const TOP = 34;
const BOTTOM = 44;

interface Frame {
  x: (v: number | string) => number;
  y: Scale;
  fmt: (v: number | null | undefined) => string;
  ordinal: boolean;
}

/** The chart's SVG markup; '' when no series has a finite value. */
export function lineChart(series: LineSeries[], opts: LineChartOptions): string {
  const values = series.flatMap((s) => s.points.flatMap((p) => [p.value, p.ci?.[0], p.ci?.[1]])).filter(isNum);
  if (values.length === 0) return '';
  const width = opts.width ?? CHART_WIDTH;
  const height = opts.height ?? 320;
  const units = opts.units ?? 'percent';
  const domain = niceDomain(values, units === 'points');
  const y = linearScale(domain[0], domain[1], height - BOTTOM, TOP);
  const xs = xAxisFor(series, width, opts.xOrder);
  const frame: Frame = { x: xs.scale, y, fmt: units === 'points' ? pts : pct, ordinal: xs.ordinal };
  const body = [
    legend(series, width),
    yGrid(y, niceTicks(domain[0], domain[1]), units, width),
    xs.axis(height - BOTTOM),
    units === 'points' && domain[0] < 0 && domain[1] > 0 ? el('line', { class: 'zero', x1: LEFT, x2: width - RIGHT, y1: y(0), y2: y(0) }) : '',
    opts.yTitle ? text(4, 14, opts.yTitle, { class: 'axis-title' }) : '',
    opts.xTitle ? text((LEFT + width - RIGHT) / 2, height - 6, opts.xTitle, { class: 'axis-title', 'text-anchor': 'middle' }) : '',
    ...series.map((s, i) => seriesGroup(s, i, frame)),
  ].join('');
  return svg(width, height, opts.label, body, `chart line-chart${opts.cls ? ` ${opts.cls}` : ''}`);
}

interface XAxis {
  scale: (v: number | string) => number;
  ordinal: boolean;
  axis: (bottom: number) => string;
}

/** Numeric when every x is a number, ordinal (evenly spaced labels) otherwise. */
function xAxisFor(series: LineSeries[], width: number, order?: string[]): XAxis {
  const all = series.flatMap((s) => s.points.map((p) => p.x));
  if (!order && all.every((v) => typeof v === 'number')) {
    const nums = all as number[];
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    const pad = lo === hi ? 1 : 0;
    const x = linearScale(lo - pad, hi + pad, LEFT + 16, width - RIGHT - 16);
    const distinct = [...new Set(nums)].sort((a, b) => a - b);
    // A few distinct values (families swept, releases numbered) are labelled as themselves.
    const ticks = distinct.length <= 12 ? distinct : niceTicks(lo, hi, 8).filter((t) => t >= lo && t <= hi);
    return { scale: (v) => x(Number(v)), ordinal: false, axis: (bottom) => xTicks(ticks.map((t) => [x(t), String(t)]), bottom) };
  }
  const labels = [...new Set([...(order ?? []), ...all.map(String)])];
  const step = (width - LEFT - RIGHT) / labels.length;
  const at = (v: number | string) => LEFT + step * (labels.indexOf(String(v)) + 0.5);
  const maxChars = Math.max(4, Math.floor(step / 6.5));
  return { scale: at, ordinal: true, axis: (bottom) => xTicks(labels.map((l) => [at(l), clip(l, maxChars)]), bottom) };
}

function xTicks(ticks: [number, string][], bottom: number): string {
  return ticks.map(([x, label]) => el('line', { class: 'grid', x1: x, x2: x, y1: TOP, y2: bottom })
    + text(x, bottom + 15, label, { class: 'tick', 'text-anchor': 'middle' })).join('');
}

function yGrid(y: Scale, ticks: number[], units: 'percent' | 'points', width: number): string {
  const label = (t: number) => (units === 'points' ? pts(t) : `${Math.round(t * 1000) / 10}%`);
  return ticks.map((t) => el('line', { class: 'grid', x1: LEFT, x2: width - RIGHT, y1: y(t), y2: y(t) })
    + text(LEFT - 6, y(t) + 4, label(t), { class: 'tick', 'text-anchor': 'end' })).join('');
}

/** Swatches and names, right-aligned above the plot (the y title sits top-left). */
function legend(series: LineSeries[], width: number): string {
  const names = series.map((s) => clip(s.name, 36));
  const widths = names.map((n) => 17 + n.length * 7 + 16);
  let x = Math.max(LEFT, width - RIGHT - widths.reduce((a, b) => a + b, 0));
  return names.map((name, i) => {
    const item = el('rect', { class: `swatch m${i % 7}`, x, y: 6, width: 12, height: 10, rx: 2 }) + text(x + 17, 15, name, { class: 'label' });
    x += widths[i]!;
    return item;
  }).join('');
}

/** Runs of consecutive points with a value: the line and band break at gaps. */
function segments(points: LinePoint[]): LinePoint[][] {
  const out: LinePoint[][] = [[]];
  for (const p of points) {
    if (isNum(p.value)) out[out.length - 1]!.push(p);
    else if (out[out.length - 1]!.length) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

function bandPath(seg: LinePoint[], f: Frame): string {
  const lo = (p: LinePoint) => f.y(isNum(p.ci?.[0]) ? p.ci[0] : p.value!);
  const hi = (p: LinePoint) => f.y(isNum(p.ci?.[1]) ? p.ci[1] : p.value!);
  const upper = seg.map((p, i) => `${i ? 'L' : 'M'}${f.x(p.x).toFixed(1)},${hi(p).toFixed(1)}`);
  const lower = [...seg].reverse().map((p) => `L${f.x(p.x).toFixed(1)},${lo(p).toFixed(1)}`);
  return `${upper.join(' ')} ${lower.join(' ')} Z`;
}

function seriesGroup(s: LineSeries, i: number, f: Frame): string {
  const cls = `m${i % 7}`;
  const parts = segments(s.points).map((seg) => {
    const line = seg.map((p, j) => `${j ? 'L' : 'M'}${f.x(p.x).toFixed(1)},${f.y(p.value!).toFixed(1)}`).join(' ');
    const band = seg.length > 1 && seg.some((p) => p.ci) ? el('path', { class: 'ci-band', 'data-band': s.name, d: bandPath(seg, f) }) : '';
    return band + (seg.length > 1 ? el('path', { class: 'line', d: line }) : '');
  });
  const points = s.points.filter((p) => isNum(p.value)).map((p) => point(s.name, p, f));
  return el('g', { class: `series ${cls}`, 'data-series': s.name }, undefined, [...parts, ...points].join(''));
}

function point(series: string, p: LinePoint, f: Frame): string {
  const cx = f.x(p.x);
  const ci = p.ci && isNum(p.ci[0]) && isNum(p.ci[1]) ? p.ci : undefined;
  const whisker = ci ? el('line', { class: 'whisker', x1: cx, x2: cx, y1: f.y(ci[0]), y2: f.y(ci[1]) }) : '';
  const tip = `${series} at ${p.x}: ${f.fmt(p.value)} ${interval(ci, f.fmt === pct ? '%' : '')}${p.note ? ` · ${p.note}` : ''}`;
  return el('g', { class: 'point-group' }, tip, whisker + el('circle', {
    class: 'point', 'data-point': series, 'data-x': String(p.x), 'data-value': String(p.value), cx, cy: f.y(p.value!), r: 4.5,
  }));
}
