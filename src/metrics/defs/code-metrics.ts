/** Registry entry for pass@k over n sandboxed samples per problem. */
import { InputError } from '../../errors.js';
import { passAtK } from '../pass-at-k.js';
import type { MetricDef } from '../registry.js';
import { meanOf } from './mean-metric.js';

/** pass@k: item stats are [n, c]; the value is the mean unbiased estimate over problems. */
export function codeMetric(k: number): MetricDef {
  const name = `pass@${k}`;
  const estimate = (stats: number[]): number => passAtK(stats[0] ?? 0, stats[1] ?? 0, k);
  return {
    name,
    higherIsBetter: true,
    // pass@1 with one sample per problem is 0/1 per item; otherwise values are fractional.
    binary: false,
    needs: 'code',
    itemStats(input) {
      if (!input.codeResults) throw new InputError(`metric ${name} needs codeResults (pass/fail of each sample)`);
      const n = input.codeResults.length;
      const c = input.codeResults.filter(Boolean).length;
      passAtK(n, c, k); // validates n >= k early, at the item that is short
      return [n, c];
    },
    reduce: (stats) => meanOf(stats.map((row) => [estimate(row)]), name),
    itemValue: estimate,
  };
}
