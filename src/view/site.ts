/** The view's pages by path: what the server answers and what a static build writes, from one place. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { esc } from '../report/html/format.js';
import { benchmarksOf, indexPage } from './pages/index-page.js';
import { releasesPage } from './pages/releases-page.js';
import { runPage } from './pages/run-page.js';
import { page, releasesHref, runHref, slug } from './pages/shell.js';
import { readRunSummary, type RunSummary } from './read-run.js';
import { consecutiveGains, releaseRuns, type ConsecutiveGain } from './releases.js';
import { findRuns } from './scan.js';

export interface ViewResponse {
  status: number;
  type: string;
  body: string;
}

const HTML = 'text/html; charset=utf-8';

/** Files whose change means a run must be read again. */
const WATCHED = ['run.json', 'comparison.json', 'gate.json', 'junit.xml', 'results', 'report.html'];

export class ViewSite {
  private readonly summaries = new Map<string, { stamp: string; summary: RunSummary }>();
  private readonly gains = new Map<string, Promise<ConsecutiveGain>>();

  /** `interactive`: a server that can answer another selection of runs (false for static builds). */
  constructor(readonly roots: string[], private readonly interactive: boolean) {}

  /** Every run under the roots, oldest first; unchanged runs are not read again. */
  async runs(): Promise<RunSummary[]> {
    const found = await findRuns(this.roots);
    const runs = await Promise.all(found.map(async (f) => {
      const stamp = JSON.stringify([f.id, ...(await Promise.all(WATCHED.map((n) => stat(path.join(f.dir, n)).then((s) => [s.mtimeMs, s.size], () => null))))]);
      const known = this.summaries.get(f.dir);
      if (known?.stamp === stamp) return known.summary;
      const summary = await readRunSummary(f);
      this.summaries.set(f.dir, { stamp, summary });
      return summary;
    }));
    return runs.sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
  }

  /** The page at a site path (`/`, `/runs/<id>.html`, `/releases/<benchmark>.html`); `run` query picks releases. */
  async respond(pathname: string, query: URLSearchParams = new URLSearchParams()): Promise<ViewResponse> {
    const runs = await this.runs();
    const benchmarks = benchmarksOf(runs);
    const p = safeDecode(pathname);
    if (p === '/' || p === '/index.html') return ok(indexPage(runs, this.roots));
    const run = p?.match(/^\/runs\/([^/]+)\.html$/)?.[1];
    if (run !== undefined) {
      const found = runs.find((r) => r.id === run);
      return found ? ok(await runPage(found, benchmarks)) : notFound(`No run named ${run} under ${this.roots.join(', ')}.`, benchmarks);
    }
    const bench = p?.match(/^\/releases\/([^/]+)\.html$/)?.[1];
    if (bench !== undefined) {
      const name = benchmarks.find((b) => slug(b) === bench);
      if (!name) return notFound(`No benchmark ${bench} has runs with a comparison under ${this.roots.join(', ')}.`, benchmarks);
      return ok(await this.releases(runs, name, benchmarks, this.interactive ? query.getAll('run') : []));
    }
    return notFound(`Nothing at ${pathname}.`, benchmarks);
  }

  private async releases(runs: RunSummary[], benchmark: string, benchmarks: string[], selected: string[]): Promise<string> {
    const candidates = releaseRuns(runs, benchmark);
    const shown = releaseRuns(runs, benchmark, selected);
    const gains = await consecutiveGains(shown, this.gains);
    return releasesPage({ benchmark, candidates, runs: shown, gains, benchmarks, interactive: this.interactive });
  }

  /** Pair consecutive candidates of every benchmark ahead of the first visit (errors show on the page). */
  async warm(): Promise<void> {
    const runs = await this.runs();
    for (const b of benchmarksOf(runs)) await consecutiveGains(releaseRuns(runs, b), this.gains);
  }

  /** Every page of a static build, by relative file path. */
  async pages(): Promise<Map<string, string>> {
    const runs = await this.runs();
    const out = new Map<string, string>();
    const paths = ['index.html', ...runs.map((r) => runHref(r.id)), ...benchmarksOf(runs).map(releasesHref)];
    for (const rel of paths) {
      const res = await this.respond(`/${rel}`);
      out.set(decodeURIComponent(rel), res.body);
    }
    return out;
  }
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

function ok(body: string): ViewResponse {
  return { status: 200, type: HTML, body };
}

function notFound(message: string, benchmarks: string[]): ViewResponse {
  return { status: 404, type: HTML, body: page({ title: 'heldout view: not found', root: '/', benchmarks, body: `<h1>Not found</h1><p>${esc(message)}</p>` }) };
}
