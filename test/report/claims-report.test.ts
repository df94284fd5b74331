/** The claims scorecard comes first in report.md and in the terminal table, one row per claim with effect, interval and verdict. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIM_IDS } from '../../src/compare/claims-types.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { terminalTable } from '../../src/report/terminal.js';
import { plain } from '../gate/fixtures.js';
import { reportContext } from './html-fixture.js';

const ctx = reportContext(mkdtempSync(path.join(os.tmpdir(), 'heldout-claims-report-')));
const VERDICT = /(delivered|not delivered|can't tell|not measured)/;

describe('claims in the reports', () => {
  it('report.md: the first section is the scorecard, one row per claim', async () => {
    const md = await renderMarkdown(ctx);
    expect(md.split('\n').find((l) => l.startsWith('## '))).toBe('## Claims: did tuning deliver?');
    for (const id of CLAIM_IDS) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${id} |`));
      expect(row, id).toBeDefined();
      expect(row).toMatch(VERDICT);
    }
    expect(md.indexOf('## Claims')).toBeLessThan(md.indexOf('**tiny-tuned vs tiny-base'));
  });

  it('terminal: the scorecard is printed first; measured rows show effect, interval and verdict', () => {
    const lines = plain(terminalTable(ctx.comparison!)).split('\n');
    expect(lines[0]).toMatch(/^Claims: did tuning deliver\?/);
    const rows = lines.slice(2, 2 + CLAIM_IDS.length);
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual([...CLAIM_IDS]);
    for (const [i, row] of rows.entries()) {
      const claim = ctx.comparison!.claims![i]!;
      if (claim.verdict === 'not measured') expect(row).toMatch(/—.*not measured$/);
      else expect(row).toMatch(/[+-]?\d+\.\d(?: pts|%) +\[[+-]?\d+\.\d%?, [+-]?\d+\.\d%?\] +(delivered|not delivered|can't tell)$/);
    }
  });
});
