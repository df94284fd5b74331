/** Small helpers for hand-built SVG: linear scales, tick values, element strings. */
import { esc } from '../format.js';

/** Every chart's width in viewBox units (the page's content width at 100% zoom). */
export const CHART_WIDTH = 960;

export interface Scale {
  (x: number): number;
  domain: [number, number];
}

/** Map [d0, d1] onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  const f = ((x: number) => r0 + ((x - d0) / span) * (r1 - r0)) as Scale;
  f.domain = [d0, d1];
  return f;
}

function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo || 1) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? raw;
}

/** Round tick values covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const step = tickStep(lo, hi, count);
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toFixed(10)));
  return ticks;
}

/** A domain widened to round tick values that holds every finite value (and zero). */
export function niceDomain(values: number[], includeZero = true, count = 5): [number, number] {
  const finite = [...values.filter(Number.isFinite), ...(includeZero ? [0] : [])];
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) { lo -= 0.05; hi += 0.05; }
  const step = tickStep(lo, hi, count);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(typeof v === 'number' ? round(v) : v)}"`)
    .join('');
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** An SVG element; `title` becomes a hover tooltip, `body` is inner markup (already escaped). */
export function el(name: string, a: Attrs, title?: string, body = ''): string {
  const inner = (title ? `<title>${esc(title)}</title>` : '') + body;
  return inner ? `<${name}${attrs(a)}>${inner}</${name}>` : `<${name}${attrs(a)}/>`;
}

/** A text label (content escaped). */
export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, ...a })}>${esc(content)}</text>`;
}

/** The outer `<svg>`; sized by its viewBox so it scales with the page. */
export function svg(width: number, height: number, label: string, body: string, cls = 'chart'): string {
  return `<svg class="${esc(cls)}" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

/** Vertical grid lines with tick labels along the bottom (or top) of a plot. */
export function xAxis(scale: Scale, ticks: number[], top: number, bottom: number, label: (t: number) => string): string {
  return ticks.map((t) => {
    const x = scale(t);
    return el('line', { class: 'grid', x1: x, x2: x, y1: top, y2: bottom }) + text(x, bottom + 14, label(t), { class: 'tick', 'text-anchor': 'middle' });
  }).join('');
}
