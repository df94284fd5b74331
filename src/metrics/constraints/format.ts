/** Checkers of the answer's layout: JSON, highlights, sections, placeholders, postscripts, titles, two answers. */
import type { Constraint } from '../../config/constraint-schema.js';
import { stripCodeFence } from './text.js';

type Of<T extends Constraint['type']> = Extract<Constraint, { type: T }>;

/** The answer is one JSON object or array (a code fence around it is fine); `keys` must be keys of the top-level object. */
export function json(c: Of<'json'>, text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(text));
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  if (!c.keys || c.keys.length === 0) return true;
  return !Array.isArray(value) && c.keys.every((k) => Object.hasOwn(value, k));
}

/** Spans like *this* or **this** with some text inside (IFEval's highlighted sections). */
export function numHighlights(c: Of<'num_highlights'>, text: string): boolean {
  const spans = [...(text.match(/\*[^\n*]*\*/gu) ?? []), ...(text.match(/\*\*[^\n*]*\*\*/gu) ?? [])];
  return spans.filter((s) => s.replace(/^\*+|\*+$/gu, '').trim().length > 0).length >= c.n;
}

export function numSections(c: Of<'num_sections'>, text: string): boolean {
  const marker = c.marker.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return text.split(new RegExp(`\\s?${marker}\\s?\\d+\\s?`, 'u')).length - 1 >= c.n;
}

export const numPlaceholders = (c: Of<'num_placeholders'>, text: string): boolean => (text.match(/\[.*?\]/gu)?.length ?? 0) >= c.n;

/** A line starting with the marker ("P.S.", "P.P.S" with optional spaces between the letters), any case. */
export function postscript(c: Of<'postscript'>, text: string): boolean {
  const marker = c.marker.trim().toLowerCase();
  const pattern = marker === 'p.p.s' || marker === 'p.p.s.'
    ? /^\s*p\.\s?p\.\s?s/mu
    : marker === 'p.s.' || marker === 'p.s'
      ? /^\s*p\.\s?s\./mu
      : new RegExp(`^\\s*${marker.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'mu');
  return pattern.test(text.toLowerCase());
}

export const title = (_: Of<'title'>, text: string): boolean => (text.match(/<<[^\n]+>>/gu) ?? []).some((t) => t.slice(2, -2).trim().length > 0);

/** Exactly two non-empty, different answers separated by six asterisks. */
export function twoResponses(_: Of<'two_responses'>, text: string): boolean {
  const pieces = text.split('******');
  const kept: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!.trim();
    if (p) kept.push(p);
    else if (i !== 0 && i !== pieces.length - 1) return false;
  }
  return kept.length === 2 && kept[0] !== kept[1];
}
