/** One run's report inside the view: the report.html the run wrote, or one rendered from its JSON files. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { collectHtmlData, renderHtml } from '../../report/html/index.js';
import { esc } from '../../report/html/format.js';
import { plannedKeys } from '../../runner/manifest.js';
import type { RunResult } from '../../runner/result-types.js';
import { sampleReader } from '../../runner/sample-log.js';
import { readModelResult, type RunSummary } from '../read-run.js';
import { formatDate } from './index-page.js';
import { page, releasesHref } from './shell.js';

/** Links back into the view, styled by the report's own stylesheet (its CSP allows no other). */
function backLinks(run: RunSummary, releases: boolean): string {
  const rel = releases ? ` · <a href="../${esc(releasesHref(run.benchmark))}">releases of ${esc(run.benchmark)}</a>` : '';
  return `<nav class="sub view-back" data-view-nav><a href="../index.html">← all runs</a>${rel} · <span>${esc(run.id)} · ${esc(formatDate(run.date))}</span></nav>`;
}

function withBackLinks(html: string, links: string): string {
  const at = html.search(/<body[^>]*>/i);
  if (at < 0) return links + html;
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + '\n' + links + html.slice(end);
}

async function readResults(run: RunSummary): Promise<{ results: RunResult[]; problems: string[] }> {
  const results: RunResult[] = [];
  const problems: string[] = [];
  const order = run.models.length ? run.models.map((m) => m.name) : Object.keys(run.resultFiles);
  for (const name of order.filter((n) => run.resultFiles[n])) {
    try {
      results.push(await readModelResult(run, name));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { results, problems };
}

/** The run's report page; `releases` says whether its benchmark has a releases page to link to. */
export async function runPage(run: RunSummary, benchmarks: string[]): Promise<string> {
  const links = backLinks(run, benchmarks.includes(run.benchmark));
  if (run.hasReport) {
    const html = await readFile(path.join(run.dir, 'report.html'), 'utf8').catch(() => null);
    if (html !== null) return withBackLinks(html, links);
  }
  const { results, problems } = await readResults(run);
  if (results.length === 0) return emptyRun(run, [...run.problems, ...problems], benchmarks);
  const data = await collectHtmlData({
    outDir: run.dir, results, ...(run.comparison ? { comparison: run.comparison } : {}),
    ...(run.verdict?.verdict ? { gate: run.verdict.verdict } : {}), samples: sampleReader(run.dir, plannedKeys(run.manifest)),
  });
  return withBackLinks(renderHtml(data), links);
}

function emptyRun(run: RunSummary, problems: string[], benchmarks: string[]): string {
  const list = problems.length ? `<ul>${problems.map((p) => `<li class="problem">${esc(p)}</li>`).join('')}</ul>` : '';
  const body = `<h1>${esc(run.id)}</h1><p class="sub">${esc(run.dir)}</p>
<p>This run directory has no readable results yet (a run still in progress, or one stopped before it finished): run the same heldout run command again to resume it.</p>${list}`;
  return page({ title: `heldout: ${run.id}`, root: '../', benchmarks, body });
}
