import type { MetricValue } from '../runner/result-types.js';

/** Fractions shown as percentages with one decimal; NaN as an em dash. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : (v * 100).toFixed(1);
}

export function signedPts(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const s = (v * 100).toFixed(1);
  return v > 0 && s !== '0.0' ? `+${s}` : s === '-0.0' ? '0.0' : s;
}

export function interval(ci: [number, number] | undefined, signed = false): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '—';
  const f = signed ? signedPts : pct;
  return `[${f(ci[0])}, ${f(ci[1])}]`;
}

export function valueWithCi(m: MetricValue | undefined): string {
  return m ? `${pct(m.value)} ${interval(m.ci)}` : '—';
}

export function pValue(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '<0.001';
  return p.toFixed(3);
}

/** A one-line reading of a paired delta, for headlines. */
export function verdictWords(delta: number, ci: [number, number]): string {
  if (!Number.isFinite(delta)) return 'no data';
  if (ci[0] > 0) return 'ahead';
  if (ci[1] < 0) return 'behind';
  return 'not distinguishable';
}

export function markdownTable(header: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  return lines.join('\n');
}
