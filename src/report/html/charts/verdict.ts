import { isNum } from '../format.js';

/** Whether a delta's interval says the candidate is better, worse, or neither. */
export type Direction = 'better' | 'worse' | 'unclear';

export function direction(ci: readonly [number, number] | null | undefined, higherIsBetter = true): Direction {
  const lo = ci?.[0];
  const hi = ci?.[1];
  if (!isNum(lo) || !isNum(hi)) return 'unclear';
  if (lo > 0) return higherIsBetter ? 'better' : 'worse';
  if (hi < 0) return higherIsBetter ? 'worse' : 'better';
  return 'unclear';
}

/** Cut a label to `max` characters, with an ellipsis. */
export function clip(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}
