/** The releases page of one benchmark: scores per run as lines with 95% bands, and gains between runs. */
import type { AggregateComparison } from '../../compare/types.js';
import { lineChart } from '../../report/html/charts/line-chart.js';
import { direction } from '../../report/html/charts/verdict.js';
import { esc, interval, pPhrase, pts, sortKey } from '../../report/html/format.js';
import { sortableTable, type Cell, type Column } from '../../report/html/table.js';
import type { RunSummary } from '../read-run.js';
import { ALL, categoryScopes, consecutiveSeries, gainSeries, HELD_OUT, scoreSeries, type ConsecutiveGain, type ReleaseRun, type Scope } from '../releases.js';
import { claimsAcrossRuns } from './claims-table.js';
import { formatDate, gainCell, modelName, shortFingerprint, verdictCell } from './index-page.js';
import { page, runHref } from './shell.js';

export interface ReleasesPageData {
  benchmark: string;
  /** Every run of the benchmark with a comparison, oldest first. */
  candidates: RunSummary[];
  /** The runs shown, oldest first. */
  runs: ReleaseRun[];
  gains: ConsecutiveGain[];
  benchmarks: string[];
  /** false for a static build: the picker cannot ask a server for another selection. */
  interactive: boolean;
}

function picker(d: ReleasesPageData): string {
  const shown = new Set(d.runs.map((r) => r.id));
  const rows = d.candidates.map((r) => {
    const c = r.comparison!;
    const box = d.interactive ? `<input type="checkbox" name="run" value="${esc(r.id)}"${shown.has(r.id) ? ' checked' : ''} aria-label="show ${esc(r.id)}">` : (shown.has(r.id) ? '✓' : '');
    const g = gainCell(r);
    return `<tr><td>${box}</td><td><a href="../${esc(runHref(r.id))}">${esc(r.id)}</a></td><td>${esc(formatDate(r.date))}</td>`
      + `<td>${modelName(c.baseline)} → ${modelName(c.candidate)}</td><td><code>${esc(shortFingerprint(c.candidate.fingerprint))}</code></td>`
      + `<td class="num">${g.html}</td><td>${verdictCell(r).html}</td></tr>`;
  }).join('');
  const table = `<div class="table-wrap"><table class="picker"><thead><tr><th></th><th>run</th><th>date</th><th>baseline → candidate</th><th>candidate fingerprint</th><th>held-out gain</th><th>gate</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  if (!d.interactive) return `${table}<p class="muted">A static build shows the runs it was built from; to pick others, run heldout view (or build from the run folders you want).</p>`;
  return `<form method="get" action="">${table}<button type="submit">Show the ticked runs</button> <a href="?">all runs</a></form>`;
}

function chart(title: string, intro: string, svg: string): string {
  return `<h3>${esc(title)}</h3>${intro ? `<p class="intro">${esc(intro)}</p>` : ''}${svg || '<p class="muted">No run has a value here.</p>'}`;
}

function scoreCharts(runs: ReleaseRun[]): string {
  const scopes = [ALL, ...categoryScopes(runs)];
  return `<div class="charts-grid">${scopes.map((s) => `<div>${chart(s.label, '', lineChart(scoreSeries(runs, s), {
    label: `Baseline and candidate on ${s.label}, per run`, width: 480, height: 240, cls: `releases-scores scope-${s.key.replace(/[^a-z0-9-]+/gi, '-')}`,
  }))}</div>`).join('')}</div>`;
}

function aggCell(a: AggregateComparison | null | undefined): Cell {
  if (!a) return { html: '<span class="muted">—</span>', sort: '' };
  const dir = direction(a.ci);
  return { html: `<span class="${dir}">${esc(pts(a.delta))}</span> <span class="muted">${esc(interval(a.ci))}, ${esc(pPhrase(a.pValue))}</span>`, sort: sortKey(a.delta), cls: 'num' };
}

/** Fixed / broken answers summed over the tasks whose primary metric is 0/1 (how many, when not all are). */
export function flipCounts(c: NonNullable<ConsecutiveGain['comparison']>): string {
  const primary = c.tasks.filter((t) => t.primary);
  const binary = primary.filter((t) => t.fixed !== undefined);
  if (binary.length === 0) return '—';
  const sum = (k: 'fixed' | 'broken') => binary.reduce((n, t) => n + (t[k] ?? 0), 0);
  return `${sum('fixed')} / ${sum('broken')}${binary.length < primary.length ? ` (${binary.length} of ${primary.length} tasks)` : ''}`;
}

function gainsTable(gains: ConsecutiveGain[], scopes: Scope[]): string {
  const columns: Column[] = [
    { label: 'from → to', type: 'text' }, { label: 'candidates', type: 'text' },
    ...scopes.map((s): Column => ({ label: `${s.label} Δ pts`, type: 'num' })),
    { label: 'fixed / broken (0/1 tasks)', type: 'text', title: 'tasks whose primary metric is 0/1: answers the earlier candidate got wrong and the later one right, and the reverse' },
  ];
  const rows = gains.map((g) => {
    const c = g.comparison;
    const names = `<code>${esc(shortFingerprint(g.from.comparison.candidate.fingerprint))}</code> → <code>${esc(shortFingerprint(g.to.comparison.candidate.fingerprint))}</code>`;
    const lead: Cell[] = [{ html: `${esc(g.from.id)} → ${esc(g.to.id)}`, sort: g.to.id }, { html: names }];
    if (!c) return { cells: [...lead, { html: `<span class="problem">not comparable: ${esc(g.problem ?? '')}</span>`, sort: '' }, ...scopes.slice(1).map(() => ({ html: '', sort: '' })), { html: '' }] };
    const flips = flipCounts(c);
    return { cells: [...lead, ...scopes.map((s) => aggCell(s.pick(c))), { html: esc(flips) }] };
  });
  return sortableTable('gains-table', columns, rows);
}

function gainsSection(d: ReleasesPageData): string {
  if (d.gains.length === 0) return '<p class="muted">Pick at least two runs to see the change between them.</p>';
  const scopes = [HELD_OUT, ALL, ...categoryScopes(d.runs)];
  const svg = lineChart(consecutiveSeries(d.gains, [HELD_OUT, ALL]), {
    label: 'Paired change of the candidate between consecutive runs', units: 'points', yTitle: 'later − earlier candidate, pts', cls: 'releases-consecutive',
  });
  return `<p class="intro">Each run's candidate paired item by item with the previous run's candidate (same items, same templates): the change in points with its paired 95% bootstrap interval. Held-out is judged by the later candidate's training families.</p>${svg}${gainsTable(d.gains, scopes)}`;
}

/** The whole releases page. */
export function releasesPage(d: ReleasesPageData): string {
  const held = lineChart(scoreSeries(d.runs, HELD_OUT), { label: `Held-out score of baseline and candidate per run of ${d.benchmark}`, yTitle: 'held-out score (macro of primary metrics)', cls: 'releases-heldout' });
  const gain = lineChart(gainSeries(d.runs, [HELD_OUT, ALL]), { label: 'Gain of candidate over baseline within each run', units: 'points', yTitle: 'candidate − baseline, pts', cls: 'releases-gain' });
  const claims = claimsAcrossRuns(d.runs);
  const body = `<h1>Releases: ${esc(d.benchmark)}</h1>
<p class="sub">${d.runs.length} of ${d.candidates.length} runs shown, oldest first · each point is one run, its band the 95% interval</p>
<section id="pick"><h2>Runs</h2>${picker(d)}</section>
<section id="held-out"><h2>Held-out score per run</h2>${chart('', 'Macro average of each held-out task\'s primary metric, for the baseline and the candidate of each run.', held)}</section>
<section id="gain"><h2>Gain within each run</h2>${chart('', 'Candidate − baseline on the same items, with the paired 95% interval.', gain)}</section>
<section id="categories"><h2>Per category</h2>${scoreCharts(d.runs)}</section>
${claims ? `<section id="claims-runs"><h2>Claims scorecard per run</h2><p class="intro">Did tuning deliver what it promises, run by run: each claim's verdict, its effect and paired 95% interval (hover for how it is judged).</p>${claims}</section>` : ''}
<section id="consecutive"><h2>Between consecutive runs</h2>${gainsSection(d)}</section>`;
  return page({ title: `heldout releases: ${d.benchmark}`, root: '../', benchmarks: d.benchmarks, body });
}
