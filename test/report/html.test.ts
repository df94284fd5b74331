import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/types.js';
import { collectHtmlData, htmlWriter, renderHtml } from '../../src/report/html/index.js';
import { pct, pts, pValue } from '../../src/report/html/format.js';
import { comparison, HOSTILE_PROMPT, reportContext, runResults, TASKS } from './html-fixture.js';

const count = (html: string, needle: string | RegExp) => html.split(needle).length - 1;

async function render(opts: Parameters<typeof reportContext>[1] = {}): Promise<string> {
  return renderHtml(await collectHtmlData(reportContext('/unused', opts)));
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('renderHtml', () => {
  it('draws one forest bar per task, two category bars per group and a spread box per task and model', async () => {
    const html = await render();
    expect(count(html, 'data-bar="forest"')).toBe(TASKS.length);
    const [base, cand] = runResults();
    const c = comparison(base, cand);
    // all / held-out / seen, each category, and a category's split when it has both kinds of task.
    const groups = 3 + c.categories.filter((a) => a.scope === 'all').length + 2;
    expect(count(html, 'data-bar="category"')).toBe(2 * groups);
    expect(count(html, 'data-bar="spread"')).toBe(2 * TASKS.length);
    expect(count(html, /<svg (?!class="chart claim-(?:strip|axis)")/g)).toBe(3);
  });

  it('marks held-out tasks in the forest plot', async () => {
    const html = await render();
    expect(count(html, 'class="mark held-out"')).toBe(TASKS.filter((t) => t.heldOut).length);
    expect(count(html, 'class="mark seen"')).toBe(TASKS.filter((t) => !t.heldOut).length);
  });

  it('escapes prompts, answers and references: a <script> in a prompt stays text', async () => {
    const html = await render();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; it&#39;s');
    expect(html).toContain('I think &lt;b&gt;it&lt;/b&gt; is fine &amp; ok');
    expect(count(html, '<script')).toBe(1);
    // The prompt's `</pre></details>` did not close the page's own elements.
    expect(count(html, '<details')).toBe(count(html, '</details>'));
    expect(count(html, '<pre')).toBe(count(html, '</pre>'));
    expect(HOSTILE_PROMPT).toContain('</details>');
  });

  it('references nothing on the network and forbids loading anything', async () => {
    const html = await render({ gate: true, models: 3 });
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/(src|href)\s*=\s*(?!["']?#)/i);
    expect(html).not.toMatch(/url\(|@import|<link|<img|<iframe/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  });

  it('states the held-out gain, its interval and p-value in words', async () => {
    const html = await render();
    expect(html).toContain('tiny-tuned is ahead of tiny-base on held-out tasks: +11.5 pts [7.5, 15.5], p = 0.001');
  });

  it('says so when the interval spans zero, and falls back to all tasks without held-out ones', async () => {
    const [base, cand] = runResults();
    const c = comparison(base, cand);
    const unclear: Comparison = { ...c, heldOut: { ...c.heldOut!, delta: 0.01, ci: [-0.02, 0.04], pValue: 0.4 } };
    const worse: Comparison = { ...c, heldOut: null, overall: { ...c.overall, delta: -0.08, ci: [-0.12, -0.04], pValue: 0.0002 } };
    expect(renderHtml({ results: [base, cand], comparison: unclear, flips: [] }))
      .toContain('tiny-tuned is not clearly different from tiny-base on held-out tasks: +1.0 pts [−2.0, 4.0], p = 0.400');
    expect(renderHtml({ results: [base, cand], comparison: worse, flips: [] }))
      .toContain('tiny-tuned is behind tiny-base on all tasks: −8.0 pts [−12.0, −4.0], p &lt; 0.001');
  });

  it('shows the gate verdict and each rule when a gate ran', async () => {
    const html = await render({ gate: true });
    expect(html).toContain('Gate failed: 1 of 2 rules broken.');
    expect(html).toContain('summ-news fell 5.0 pts (allowed 2.0)');
    expect(await render()).not.toContain('id="gate"');
  });

  it('lists every task × metric in the sortable table, with the knowledge/format split of choice tasks', async () => {
    const html = await render();
    const table = html.slice(html.indexOf('id="tasks-table"'), html.indexOf('</table>', html.indexOf('id="tasks-table"')));
    expect(count(table, '<tr class=')).toBe(TASKS.flatMap((t) => t.metrics).length);
    expect(table).toContain('accuracy <span class="muted">(generated)</span>');
    expect(html).toContain('rank acc (knowledge)');
    expect(html).toContain('the gain is mostly answer format');
  });

  it('shows both answers of every flipped item, and says when a record is missing', async () => {
    const html = await render();
    const flips = TASKS.flatMap((t) => t.metrics).filter((m) => m.binary).length;
    expect(count(html, 'class="task-flips"')).toBe(flips);
    expect(count(html, 'class="flip fixed"')).toBe(2 * flips);
    expect(count(html, 'class="flip broken"')).toBe(flips);
    const ctx = reportContext('/unused');
    const data = await collectHtmlData({ ...ctx, samples: async () => [] });
    expect(renderHtml(data)).toContain('no sample record');
  });

  it('adds the N-model table for more than two models, and renders without a comparison', async () => {
    expect(await render()).not.toContain('id="models-table"');
    expect(await render({ models: 3 })).toContain('id="models-table"');
    const results = runResults();
    const html = renderHtml({ results, flips: [] });
    expect(html).toContain('id="models-table"');
    expect(html).not.toContain('data-bar="forest"');
    expect(count(html, 'data-bar="spread"')).toBe(3 * TASKS.length);
  });

  it('renders a comparison read back from JSON, where NaN became null, with dashes', async () => {
    const [base, cand] = runResults();
    const c = comparison(base, cand);
    c.tasks[0]!.baseline = { ...c.tasks[0]!.baseline, ci: [Number.NaN, Number.NaN] };
    c.tasks[0]!.pValue = Number.NaN;
    const parsed = JSON.parse(JSON.stringify(c)) as Comparison;
    const html = renderHtml({ results: [base, cand], comparison: parsed, flips: [] });
    expect(html).toContain('—');
    expect(html).not.toMatch(/NaN|null|undefined/);
  });
});

describe('formatting', () => {
  it('shows fractions as percentages and differences as signed points', () => {
    expect(pct(0.4567)).toBe('45.7%');
    expect(pts(0.123)).toBe('+12.3');
    expect(pts(-0.0001)).toBe('0.0');
    expect(pts(-0.05)).toBe('−5.0');
    expect(pValue(0.0004)).toBe('< 0.001');
    expect(pct(null)).toBe('—');
  });
});

describe('htmlWriter', () => {
  it('writes report.html into the output directory and returns its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heldout-html-'));
    dirs.push(dir);
    expect(htmlWriter.name).toBe('html');
    const paths = await htmlWriter.write(reportContext(join(dir, 'run')));
    expect(paths).toEqual([join(dir, 'run', 'report.html')]);
    const html = await readFile(paths[0]!, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('tiny-tuned is ahead of tiny-base');
  });
});
