/**
 * The fast part of the #19 hostile campaign (`npm run hostile` runs all of it): each case runs the
 * real CLI on a temp copy of its inputs and checks the exit code, the message and what is on disk.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cases, cleanupAll, runCases, verdict } from './cases.js';

describe('hostile campaign, fast subset (#19)', () => {
  afterAll(() => cleanupAll());
  for (const c of cases.filter((x) => x.fast)) {
    it(`#19 item ${c.item}: ${c.name}`, async () => {
      const [row] = await runCases([c]);
      expect(row!.o.problems, row!.o.note).toEqual([]);
      expect(verdict(row!.o)).not.toBe('FAIL');
    }, 60_000);
  }
});
