import { InputError } from '../errors.js';

/** How 0/1 items moved from baseline to candidate. */
export interface FlipCounts {
  /** Baseline wrong, candidate right. */
  fixed: number;
  /** Baseline right, candidate wrong. */
  broken: number;
  bothRight: number;
  bothWrong: number;
}

/** Count flips between paired 0/1 item scores (matched by position). */
export function flipCounts(baseValues: number[], candValues: number[]): FlipCounts {
  if (baseValues.length !== candValues.length) {
    throw new InputError(`flip counts: baseline has ${baseValues.length} items, candidate ${candValues.length}`);
  }
  const counts: FlipCounts = { fixed: 0, broken: 0, bothRight: 0, bothWrong: 0 };
  baseValues.forEach((b, i) => {
    const c = candValues[i];
    if ((b !== 0 && b !== 1) || (c !== 0 && c !== 1)) {
      throw new InputError(`flip counts: item ${i} scored ${b} → ${c}, expected 0 or 1`);
    }
    if (b === c) counts[b === 1 ? 'bothRight' : 'bothWrong']++;
    else counts[c === 1 ? 'fixed' : 'broken']++;
  });
  return counts;
}

// ln k! exactly summed for small k; Stirling's series (error < 1e-20) beyond.
const TABLE_SIZE = 256;
const LN_FACTORIAL = new Float64Array(TABLE_SIZE);
for (let k = 2; k < TABLE_SIZE; k++) LN_FACTORIAL[k] = LN_FACTORIAL[k - 1]! + Math.log(k);

function lnFactorial(k: number): number {
  if (k < TABLE_SIZE) return LN_FACTORIAL[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + series;
}

/** ln P(X ≤ m) for X ~ Bin(N, 1/2) and m ≤ N/2, without overflow. */
function lnLowerTail(total: number, m: number): number {
  const lnTop = lnFactorial(total) - lnFactorial(m) - lnFactorial(total - m) - total * Math.LN2;
  // Terms fall as k moves down from m (m ≤ N/2): sum them relative to the top one.
  let term = 1;
  let sum = 1;
  for (let k = m; k > 0; k--) {
    term *= k / (total - k + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return lnTop + Math.log(sum);
}

/**
 * McNemar's exact test from the discordant counts: under H0 each discordant
 * item is equally likely to be fixed or broken, so with X ~ Bin(b + c, 1/2)
 * the two-sided p = min(1, 2·P(X ≤ min(b, c))). b + c = 0 → 1.
 */
export function mcnemarPValue(fixed: number, broken: number): number {
  for (const [name, v] of [['fixed', fixed], ['broken', broken]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new InputError(`McNemar: ${name} must be a count, got ${v}`);
  }
  const total = fixed + broken;
  const m = Math.min(fixed, broken);
  if (2 * m === total) return 1;
  return Math.min(1, 2 * Math.exp(lnLowerTail(total, m)));
}
