/** The frame of every `heldout view` page: the report's stylesheet, a strict content policy, the top bar. */
import { createHash } from 'node:crypto';
import { esc } from '../../report/html/format.js';
import { STYLE } from '../../report/html/style.js';
import { SORT_SCRIPT } from '../../report/html/table.js';

const VIEW_STYLE = `
.topbar { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: baseline; border-bottom: 1px solid var(--line); padding-bottom: 8px; margin-bottom: 18px; }
.topbar .brand { font-weight: 700; color: var(--fg); text-decoration: none; } .topbar a { color: var(--m0); }
.verdict-pass { color: var(--better); font-weight: 600; } .verdict-fail { color: var(--worse); font-weight: 600; }
.problem { color: var(--worse); font-size: 12px; white-space: normal; }
.picker td:first-child { width: 2em; } .picker button { margin-top: 8px; font: inherit; padding: 3px 12px; }
#runs-table th, #runs-table td:nth-child(3), #runs-table td:nth-child(4) { white-space: normal; } #runs-table td:nth-child(4) code { white-space: nowrap; }
#gains-table th, #gains-table td { white-space: normal; } #gains-table td { min-width: 6.5em; } #gains-table td code { white-space: nowrap; }
.charts-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 4px 24px; }
.charts-grid h3 { font-size: 14px; margin: 14px 0 0; }
`;

const PAGE_STYLE = STYLE + VIEW_STYLE;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing loads from anywhere; forms go back to this server only. */
function contentPolicy(): string {
  return `default-src 'none'; style-src ${sha256(PAGE_STYLE)}; script-src ${sha256(SORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'self'`;
}

export interface PageOptions {
  title: string;
  /** Relative path from this page back to the site's root ('' or '../'). */
  root: string;
  /** Benchmarks that have a releases page, for the top bar. */
  benchmarks: string[];
  body: string;
}

/** The file name of a benchmark's releases page. */
export function releasesHref(benchmark: string): string {
  return `releases/${encodeURIComponent(slug(benchmark))}.html`;
}

export function runHref(id: string): string {
  return `runs/${encodeURIComponent(id)}.html`;
}

/** A benchmark name as a file name. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '') || 'benchmark';
}

export function topBar(root: string, benchmarks: string[]): string {
  const releases = benchmarks.map((b) => `<a href="${esc(root + releasesHref(b))}">${esc(b)}</a>`).join(' ');
  return `<nav class="topbar"><a class="brand" href="${esc(root)}index.html">heldout view</a><a href="${esc(root)}index.html">all runs</a>`
    + `${benchmarks.length ? `<span class="muted">releases:</span> ${releases}` : ''}</nav>`;
}

/** A whole page. */
export function page(opts: PageOptions): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentPolicy()}">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${esc(opts.title)}</title>
<style>${PAGE_STYLE}</style></head>
<body>
${topBar(opts.root, opts.benchmarks)}
${opts.body}
<footer>Written by heldout view from the run directories it was pointed at; it loads nothing from the network.</footer>
<script>${SORT_SCRIPT}</script>
</body></html>
`;
}
