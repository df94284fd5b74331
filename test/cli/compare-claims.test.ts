/** heldout compare writes the claims scorecard and takes --knowledge-margin. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseRun, tunedRun } from '../gate/fixtures.js';
import { runCli } from '../helpers/cli.js';

describe('heldout compare --knowledge-margin', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-compare-claims-'));
  const base = path.join(dir, 'base.json');
  const tuned = path.join(dir, 'tuned.json');
  writeFileSync(base, JSON.stringify(baseRun()));
  writeFileSync(tuned, JSON.stringify(tunedRun()));

  it('prints the scorecard first and writes the margin it judged with into comparison.json', () => {
    const out = path.join(dir, 'out');
    const r = runCli(['compare', base, tuned, '--out', out, '--knowledge-margin', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Claims: did tuning deliver\?/);
    const claims = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')).claims;
    expect(claims.find((c: { id: string }) => c.id === 'knowledge_retained').margin).toBe(0.05);
  });

  it('refuses a margin that is not a fraction, exit 2', () => {
    for (const bad of ['abc', '2', '-0.1']) {
      const r = runCli(['compare', base, tuned, '--out', path.join(dir, `bad-${bad}`), '--knowledge-margin', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--knowledge-margin ${bad}: expected a fraction between 0 and 1`));
    }
  });
});
