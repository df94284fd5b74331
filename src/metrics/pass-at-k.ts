/**
 * pass@k, the unbiased estimator of Chen et al. (2021): the chance that at
 * least one of k samples drawn without replacement from n (c correct) passes.
 */
import { InputError } from '../errors.js';

function checkCounts(n: number, c: number, k: number): void {
  for (const [name, value] of [['n', n], ['c', c], ['k', k]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new InputError(`pass@k: ${name} must be a non-negative integer, got ${value}`);
  }
  if (k < 1) throw new InputError(`pass@k: k must be at least 1, got ${k}`);
  if (c > n) throw new InputError(`pass@k: c (${c}) cannot exceed n (${n})`);
  if (n < k) {
    throw new InputError(`pass@${k} needs at least ${k} samples per problem, got n=${n}`, {
      hint: `Generate n >= ${k} samples per problem, or ask for a smaller k.`,
    });
  }
}

/**
 * 1 − C(n−c, k) / C(n, k), computed as 1 − ∏_{i=n−c+1}^{n} (1 − k/i) so it never
 * forms a large binomial (same product order as human-eval's `estimate_pass_at_k`).
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (n - c < k) return 1.0;
  let product = 1.0;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}
