/** The view's front page: every run found, one row each, and a releases link per benchmark. */
import { direction } from '../../report/html/charts/verdict.js';
import { esc, interval, pct, pPhrase, pts, sortKey } from '../../report/html/format.js';
import { sortableTable, type Cell } from '../../report/html/table.js';
import type { ModelIdentity } from '../../runner/result-types.js';
import type { RunSummary } from '../read-run.js';
import { claimsCell } from './claims-table.js';
import { page, releasesHref, runHref } from './shell.js';

/** `2025-03-14 09:26` in the viewer's local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Benchmarks in first-seen order, with how many runs of each can be compared over time. */
export function benchmarksOf(runs: RunSummary[]): string[] {
  return [...new Set(runs.filter((r) => r.comparison).map((r) => r.benchmark))];
}

export function gainCell(run: RunSummary): Cell {
  const c = run.comparison;
  if (!c) return { html: '<span class="muted">no comparison</span>', sort: '' };
  const agg = c.heldOut ?? c.overall;
  const dir = direction(agg.ci);
  const scope = c.heldOut ? '' : ' <span class="tag" title="no task is held out for the candidate">all tasks</span>';
  const partial = c.pairing?.partial ? ` <span class="tag problem" title="${esc(c.pairing.reasons.join('; '))}">partial</span>` : '';
  return {
    html: `<span class="${dir}">${esc(pts(agg.delta))}</span> <span class="muted">${esc(interval(agg.ci))}</span>${scope}${partial}`,
    sort: sortKey(agg.delta), cls: 'num',
  };
}

export function verdictCell(run: RunSummary): Cell {
  const v = run.verdict;
  if (!v) return { html: '<span class="muted">no gate</span>', sort: '' };
  const text = v.passed ? `passed (${v.total} rule${v.total === 1 ? '' : 's'})` : `FAILED ${v.failed} of ${v.total}`;
  return { html: `<span class="${v.passed ? 'verdict-pass' : 'verdict-fail'}">${esc(text)}</span>`, sort: v.passed ? '1' : '0' };
}

/** `tuned` and, when its source's folder has another name, `tuned (tiny-tuned-v2)`. */
export function modelName(m: ModelIdentity): string {
  const folder = m.source.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  return `${esc(m.name)}${folder && folder !== m.name ? ` <span class="muted">(${esc(folder)})</span>` : ''}`;
}

function modelsCell(run: RunSummary): Cell {
  const c = run.comparison;
  const names = c ? `${modelName(c.baseline)} → ${modelName(c.candidate)}` : run.models.map(modelName).join(', ');
  const others = c ? run.models.filter((m) => m.name !== c.baseline.name && m.name !== c.candidate.name).map((m) => m.name) : [];
  const sort = c ? `${c.baseline.name} ${c.candidate.name}` : run.models.map((m) => m.name).join(' ');
  return { html: `${names || '—'}${others.length ? ` <span class="muted">(+ ${esc(others.join(', '))})</span>` : ''}`, sort };
}

function fingerprintsCell(run: RunSummary): Cell {
  const c = run.comparison;
  const models = c ? [c.baseline, c.candidate] : run.models;
  const html = models.map((m) => `<code title="${esc(`${m.name}: ${m.fingerprint}`)}">${esc(shortFingerprint(m.fingerprint))}</code>`).join(' → ');
  return { html: html || '—', sort: models.map((m) => m.fingerprint).join(' ') };
}

export function shortFingerprint(f: string): string {
  return f.replace(/^sha256:/, '').slice(0, 10);
}

function runCell(run: RunSummary): Cell {
  const shard = run.manifest?.shard ? ` <span class="tag">shard ${run.manifest.shard.index}/${run.manifest.shard.count}</span>` : '';
  const problems = run.problems.map((p) => `<div class="problem">${esc(p)}</div>`).join('');
  return { html: `<a href="${esc(runHref(run.id))}" data-run="${esc(run.id)}">${esc(run.id)}</a>${shard}${problems}`, sort: run.id };
}

function row(run: RunSummary): { cells: Cell[] } {
  const c = run.comparison;
  const tasks = c ? new Set(c.tasks.map((t) => t.task)).size : (run.manifest?.tasks.length ?? 0);
  const tip = c ? `${pct((c.heldOut ?? c.overall).baseline?.value)} → ${pct((c.heldOut ?? c.overall).candidate?.value)}, ${pPhrase((c.heldOut ?? c.overall).pValue)}` : '';
  const gain = gainCell(run);
  return {
    cells: [
      runCell(run),
      { html: esc(run.benchmark || '—'), sort: run.benchmark },
      modelsCell(run),
      fingerprintsCell(run),
      { html: esc(formatDate(run.date)), sort: String(run.date) },
      { ...gain, html: tip ? `<span title="${esc(tip)}">${gain.html}</span>` : gain.html },
      verdictCell(run),
      claimsCell(run),
      { html: String(tasks), sort: String(tasks), cls: 'num' },
    ],
  };
}

function releasesList(runs: RunSummary[]): string {
  const items = benchmarksOf(runs).map((b) => {
    const n = runs.filter((r) => r.benchmark === b && r.comparison).length;
    return `<li><a href="${esc(releasesHref(b))}" data-releases="${esc(b)}">${esc(b)}</a>: ${n} run${n === 1 ? '' : 's'} with a comparison</li>`;
  });
  return items.length ? `<h2>Releases</h2><p class="intro">Each model's scores across the runs of one benchmark, and the paired gain between consecutive runs.</p><ul>${items.join('')}</ul>` : '';
}

/** The index page over every run (roots named for the empty case). */
export function indexPage(runs: RunSummary[], roots: string[]): string {
  const columns = [
    { label: 'run', type: 'text' as const }, { label: 'benchmark', type: 'text' as const },
    { label: 'models (baseline → candidate)', type: 'text' as const }, { label: 'fingerprints', type: 'text' as const },
    { label: 'date', type: 'num' as const }, { label: 'held-out gain, pts [95% CI]', type: 'num' as const, title: 'candidate − baseline, macro average of held-out tasks (all tasks when none is held out)' },
    { label: 'gate', type: 'text' as const },
    { label: 'claims', type: 'num' as const, title: 'the claims scorecard: claims delivered of those the run measured' },
    { label: 'tasks', type: 'num' as const },
  ];
  const table = runs.length
    ? sortableTable('runs-table', columns, [...runs].reverse().map(row))
    : `<p class="muted">No run directories under ${esc(roots.join(', '))} yet: a folder with run.json, comparison.json or results/ (heldout run writes reports/&lt;benchmark&gt;/).</p>`;
  const body = `<h1>heldout runs</h1>
<p class="sub">${runs.length} run${runs.length === 1 ? '' : 's'} under ${esc(roots.join(', '))} · newest first · click a header to sort</p>
${table}
${releasesList(runs)}`;
  return page({ title: 'heldout view', root: '', benchmarks: benchmarksOf(runs), body });
}
