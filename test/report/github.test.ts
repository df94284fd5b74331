import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGithubWriter, errorAnnotations, escapeData, githubWriter, renderStepSummary } from '../../src/report/github.js';
import { reportContext } from './html-fixture.js';

async function tempFile(content: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-github-'));
  const file = path.join(dir, 'summary.md');
  await writeFile(file, content);
  return file;
}

describe('github writer', () => {
  it('appends the verdict to $GITHUB_STEP_SUMMARY and prints ::error for the failed rule', async () => {
    const summary = await tempFile('# build\n\n');
    let printed = '';
    const writer = createGithubWriter({ env: { GITHUB_STEP_SUMMARY: summary }, stdout: { write: (s: string) => (printed += s) } });
    const ctx = reportContext(path.dirname(summary), { gate: true });
    expect(await writer.write(ctx)).toEqual([summary]);
    await writer.write(ctx);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# build\n\n## heldout gate: FAILED ❌\n\n**tiny-tuned vs tiny-base on held-out tasks:')).toBe(true);
    expect(text.match(/## heldout gate/g)).toHaveLength(2);
    expect(text).toContain('| **FAIL** | no regression | `task` | primary |');
    expect(text).toContain('| pass | held-out gain | `held-out` | primary |');
    expect(printed).toBe(`${'::error title=heldout gate::no regression (task, primary): measured -5.0%25, needs ≥ -2.0%25: summ-news fell 5.0 pts (allowed 2.0)\n'.repeat(2)}`);
  });

  it('without a summary file only prints annotations; without a gate it summarises the comparison and prints nothing', async () => {
    let printed = '';
    const stdout = { write: (s: string) => (printed += s) };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-github-'));
    expect(await createGithubWriter({ env: {}, stdout }).write(reportContext(dir, { gate: true }))).toEqual([]);
    expect(printed).toMatch(/^::error title=heldout gate::no regression/);
    printed = '';
    const summary = await tempFile('');
    await createGithubWriter({ env: { GITHUB_STEP_SUMMARY: summary }, stdout }).write(reportContext(dir));
    expect(printed).toBe('');
    const text = await readFile(summary, 'utf8');
    expect(text).toMatch(/^## heldout: heldout-test\n\n\*\*tiny-tuned vs tiny-base/);
    expect(text).toContain('| sentiment-mini | held-out | acc | 62.0 | 66.0 | +4.0 |');
  });

  it('shows the claims scorecard (claim, effect, interval, verdict) under the headline, with and without a gate', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-github-'));
    for (const gate of [true, false]) {
      const text = renderStepSummary(reportContext(dir, { gate }));
      const table = text.slice(text.indexOf('**Claims: did tuning deliver?** (tiny-tuned − tiny-base, paired)'));
      expect(table.length).toBeLessThan(text.length);
      expect(table).toContain('| claim | effect | 95% CI | verdict |');
      expect(table).toContain('| generalization | +11.5 pts | [+5.0, +18.0] | ✅ delivered |');
      expect(table).toContain("| prompt_sensitivity | -4.0 pts (lower is better) | [-10.0, +2.0] | ❔ can't tell |");
      expect(table).toContain('| stability | — | — | not measured |');
      expect(table).toContain('| breadth | 33.3% | [33.3%, 66.7%] | ❌ not delivered |');
      expect(table).toContain('| knowledge_retained | +13.5 pts | [+7.0, +20.0] | ✅ delivered |');
      // Before the gate's rules or the task table, after the headline.
      const next = gate ? text.indexOf('| result | rule |') : text.indexOf('| task | set |');
      expect(text.indexOf('**Claims')).toBeGreaterThan(text.indexOf('**tiny-tuned vs tiny-base'));
      expect(text.indexOf('**Claims')).toBeLessThan(next);
    }
    const { claims: _, ...bare } = reportContext(dir).comparison!;
    expect(renderStepSummary({ comparison: bare })).not.toContain('Claims');
  });

  it('escapes workflow-command data so a newline cannot start a command of its own', () => {
    expect(escapeData('50% done\r\n::warning::x')).toBe('50%25 done%0D%0A::warning::x');
    const lines = errorAnnotations({ passed: false, rules: [{ name: 'a\nb', scope: 'overall', metric: 'primary', measured: null, threshold: 0, passed: false, detail: 'x' }] });
    expect(lines).toEqual(['::error title=heldout gate::a%0Ab (overall, primary): measured —, needs ≥ 0.0%25: x']);
    expect(renderStepSummary({ gate: { passed: true, rules: [] } })).toBe('## heldout gate: passed ✅\n\n| result | rule | scope | metric | measured | threshold | detail |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n\n');
    expect(githubWriter.name).toBe('github');
  });
});
