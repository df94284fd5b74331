/** Text escaping and number formatting shared by the HTML report's pieces. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for element content and quoted attribute values alike. */
export function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Values read back from JSON may be null where a NaN was written. */
export function isNum(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

const MINUS = '\u2212';

function signless(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** A fraction in [0, 1] as a percentage with one decimal: `45.2%`. */
export function pct(x: number | null | undefined): string {
  return isNum(x) ? `${signless(x * 100, 1)}%` : '—';
}

/** A difference of fractions in percentage points, signed: `+12.3`. */
export function pts(x: number | null | undefined): string {
  if (!isNum(x)) return '—';
  const s = signless(x * 100, 1);
  return x * 100 >= 0.05 ? `+${s}` : s === `${MINUS}0.0` ? '0.0' : s;
}

/** An interval of fractions in points (or percent when `unit` is '%'): `[6.1, 18.0]`. */
export function interval(ci: readonly [number, number] | null | undefined, unit: '' | '%' = ''): string {
  const lo = ci?.[0];
  const hi = ci?.[1];
  if (!isNum(lo) || !isNum(hi)) return '—';
  return `[${signless(lo * 100, 1)}${unit}, ${signless(hi * 100, 1)}${unit}]`;
}

/** A p-value: three decimals, or `< 0.001`. */
export function pValue(p: number | null | undefined): string {
  if (!isNum(p)) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** `p = 0.012` or `p < 0.001`. */
export function pPhrase(p: number | null | undefined): string {
  const s = pValue(p);
  return s.startsWith('<') ? `p ${s}` : `p = ${s}`;
}

/** A raw number (gate thresholds, counts) with at most four decimals. */
export function plain(x: number | null | undefined): string {
  return isNum(x) ? String(Number(x.toFixed(4))) : '—';
}

/** A stable value for `data-sort` attributes: numbers as they are, missing ones last. */
export function sortKey(x: number | null | undefined): string {
  return isNum(x) ? String(x) : '';
}
