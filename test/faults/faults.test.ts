/** The trimmed fault-injection suite (the full one: npm run faults). Every count must be zero. */
import { describe, expect, it } from 'vitest';
import { caseLine, runSuite, totalsLine } from './suite.js';

describe('fault injection (trimmed)', () => {
  it('kill -9, corrupt logs, two runs in one directory, a garbage cache, SIGINT, a full disk: nothing lost, nothing duplicated, results unchanged', async () => {
    const { results, totals } = await runSuite({ trimmed: true, seed: 20240611 });
    const table = [...results.map(caseLine), totalsLine(totals)].join('\n');
    expect(totals.cases, table).toBeGreaterThanOrEqual(9);
    expect({ lost: totals.lost, duplicated: totals.duplicated, differ: totals.differ }, table).toEqual({ lost: 0, duplicated: 0, differ: 0 });
  }, 600_000);
});
