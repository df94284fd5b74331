/**
 * String helpers that behave like the CPython builtins the reference metric
 * scripts use, so scores agree to the last bit rather than "usually".
 */

/** Characters for which CPython's `str.isspace()` is true (what `str.split()` splits on). */
const PY_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE_CLASS}]+`, 'u');
const PY_TRAILING_SPACE = new RegExp(`[${PY_SPACE_CLASS}]+$`, 'u');

/** Python `s.split()` with no argument: split on whitespace runs, drop empty pieces. */
export function pySplit(text: string): string[] {
  return text.split(PY_SPACE_RUN).filter((piece) => piece.length > 0);
}

/** Python `s.rstrip()` with no argument. */
export function pyRstrip(text: string): string {
  return text.replace(PY_TRAILING_SPACE, '');
}

/** Python `len(s)`: code points, not UTF-16 units. */
export function pyLen(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Python's `string.punctuation`. */
export const PY_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Counts of each item, insertion-ordered like `collections.Counter`. */
export function countItems<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Size of the multiset intersection (`sum((a & b).values())`). */
export function overlapCount<T>(a: Map<T, number>, b: Map<T, number>): number {
  let shared = 0;
  for (const [item, count] of a) shared += Math.min(count, b.get(item) ?? 0);
  return shared;
}
