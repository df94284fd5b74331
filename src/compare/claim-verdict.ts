/** A claim's verdict from its interval, and the row of a claim that could not be measured. */
import type { Claim, ClaimVerdict } from './claims-types.js';

/** Which way the interval must lie for a claim to be delivered (threshold 0, or −margin for non-inferiority). */
export function verdictOf(ci: [number, number] | null, better: 'higher' | 'lower', threshold = 0): ClaimVerdict {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return "can't tell";
  const [lo, hi] = ci;
  if (better === 'higher') return lo > threshold ? 'delivered' : hi < threshold ? 'not delivered' : "can't tell";
  return hi < threshold ? 'delivered' : lo > threshold ? 'not delivered' : "can't tell";
}

export type Head = Pick<Claim, 'id' | 'title' | 'measure' | 'better' | 'rule'>;

export function notMeasured(head: Head, note: string): Claim {
  return { ...head, baseline: null, candidate: null, effect: null, ci: null, pValue: null, verdict: 'not measured', note, parts: [] };
}
