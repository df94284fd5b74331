/** Assemble the self-contained page: inline CSS, inline SVG, one small inline script, nothing fetched. */
import { createHash } from 'node:crypto';
import type { RunResult } from '../../runner/result-types.js';
import { categoryBars } from './charts/category-bars.js';
import { forestPlot } from './charts/forest.js';
import { gainCurveBody } from './charts/gain-curve.js';
import { templateSpreadChart, type SpreadModel } from './charts/template-spread.js';
import { claimsHeadline } from './claims.js';
import { choiceSplitTable, comparisonTable } from './comparison-tables.js';
import type { HtmlReportData } from './data.js';
import { diffView } from './diff-view.js';
import { esc } from './format.js';
import { gateSection, headline, modelsSection } from './headline.js';
import { modelsTable } from './models-table.js';
import { STYLE } from './style.js';
import { SORT_SCRIPT } from './table.js';
import { truncationHtml } from '../truncation.js';

interface Section {
  id: string;
  title: string;
  body: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing may load from anywhere; only this page's own style and script may run. */
function contentPolicy(): string {
  return `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

function legend(items: [cls: string, label: string][]): string {
  return `<div class="legend">${items.map(([c, l]) => `<span><i class="${esc(c)}"></i>${esc(l)}</span>`).join('')}</div>`;
}

function spreadModels(data: HtmlReportData): SpreadModel[] {
  const c = data.comparison;
  const byName = (name: string) => data.results.find((r) => r.model.name === name);
  const pair = c ? [byName(c.baseline.name), byName(c.candidate.name)].filter((r): r is RunResult => !!r) : [];
  const chosen = pair.length === 2 ? pair : data.results;
  return chosen.map((r) => ({ name: r.model.name, result: r }));
}

function comparisonSections(data: HtmlReportData): Section[] {
  const c = data.comparison;
  if (!c) return [];
  const names = { baseline: c.baseline.name, candidate: c.candidate.name };
  const split = choiceSplitTable(c);
  return [
    { id: 'forest', title: 'Gain per task', body: `<p class="intro">Each task's primary metric: ${esc(c.candidate.name)} − ${esc(c.baseline.name)} in percentage points, with the paired 95% bootstrap interval. Rows whose interval excludes zero are coloured; diamonds are macro averages.</p>${legend([['ho', 'held-out task'], ['seen', 'seen task'], ['better', 'tuned better'], ['worse', 'tuned worse'], ['unclear', 'interval spans 0']])}${forestPlot(c)}` },
    { id: 'categories', title: 'Per category', body: `<p class="intro">Macro average of each task's primary metric, with 95% intervals.</p>${legend([['m0', `base: ${names.baseline}`], ['m1', `tuned: ${names.candidate}`]])}${categoryBars(c)}` },
    { id: 'spread', title: 'Prompt sensitivity', body: spreadBody(data) },
    { id: 'tasks', title: 'All tasks and metrics', body: `<p class="intro">Click a column header to sort. Δ is tuned − base in points; fixed / broken count (template, item) answers that flipped.</p>${comparisonTable(c)}` },
    ...(split ? [{ id: 'choice-split', title: 'Knowledge vs format (choice tasks)', body: `<p class="intro">Rank classification (<code>acc</code>: which label the model finds most likely) measures what it knows; generated <code>accuracy</code> and <code>format_rate</code> measure whether it says so in the expected form.</p>${split}` }] : []),
    { id: 'flips', title: 'Items that flipped', body: diffView(data.flips, names) },
  ];
}

function spreadBody(data: HtmlReportData): string {
  const models = spreadModels(data);
  return `<p class="intro">Each dot is one prompt template's score on the task's primary metric; the box spans the interquartile range across templates, the dark tick is the median, the thin line the full range.</p>`
    + legend(models.map((m, i): [string, string] => [`m${i % 7}`, m.name])) + templateSpreadChart(models);
}

function sections(data: HtmlReportData): Section[] {
  const out = comparisonSections(data);
  if (!data.comparison) out.push({ id: 'spread', title: 'Prompt sensitivity', body: spreadBody(data) });
  const cut = truncationHtml(data.results);
  if (cut) out.push({ id: 'truncation', title: 'Prompts cut to fit', body: cut });
  if (data.results.length > 2 || !data.comparison) out.push({ id: 'models-table', title: 'All models', body: `<p class="intro">Each task's primary metric with its 95% interval.</p>${modelsTable(data.results)}` });
  const curve = data.results.length > 2 ? gainCurveBody(data.results) : '';
  if (curve) out.push({ id: 'gain-curve', title: 'Gain against the number of tuning families', body: curve });
  out.push({ id: 'models', title: 'Models', body: modelsSection(data.results, data.comparison) });
  return out;
}

function top(data: HtmlReportData): string {
  const c = data.comparison;
  const benchmark = c?.benchmark ?? data.results[0]?.benchmark ?? '';
  const tasks = new Set(data.results.flatMap((r) => r.tasks.map((t) => t.id))).size;
  const seed = c?.seed ?? data.results[0]?.seed;
  const sub = c ? `${c.baseline.name} (base) vs ${c.candidate.name} (tuned)` : `${data.results.length} model${data.results.length === 1 ? '' : 's'}, no comparison`;
  const lead = c ? claimsHeadline(c) + headline(c) : `<p class="verdict">No baseline and candidate were named, so this report lists each model's scores.</p>`;
  return `<h1>heldout report${benchmark ? `: ${esc(benchmark)}` : ''}</h1>
<p class="sub">${esc(sub)} · ${tasks} task${tasks === 1 ? '' : 's'}${seed === undefined ? '' : ` · seed ${esc(String(seed))}`}</p>
${lead}${data.gate ? gateSection(data.gate) : ''}`;
}

/** The whole report page for the given data; pure and deterministic. */
export function renderHtml(data: HtmlReportData): string {
  const all = sections(data);
  const nav = all.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join(' · ');
  const body = all.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.body}\n</section>`).join('\n');
  const title = data.comparison?.benchmark ?? data.results[0]?.benchmark ?? 'report';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentPolicy()}">
<meta name="color-scheme" content="light dark">
<title>heldout: ${esc(title)}</title>
<style>${STYLE}</style></head>
<body>
${top(data)}
<nav class="sub">${nav}</nav>
${body}
<footer>Written by heldout. This file is self-contained: it loads nothing from the network; sorting needs JavaScript, everything else works without it.</footer>
<script>${SORT_SCRIPT}</script>
</body></html>
`;
}
