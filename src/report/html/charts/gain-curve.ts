/**
 * Gain against the number of tuning families: with three or more runs where the first is the
 * baseline and the others say (in their model cards) which task families they were tuned on, each
 * candidate's held-out gain over the baseline (paired 95% interval) plotted against how many
 * families it was tuned on. The FLAN / T0 curve, measured on your own checkpoints.
 */
import { compareRuns } from '../../../compare/compare.js';
import { InputError } from '../../../errors.js';
import type { RunResult } from '../../../runner/result-types.js';
import { esc, interval, pts } from '../format.js';
import { lineChart } from './line-chart.js';

export interface GainCurvePoint {
  model: string;
  families: number;
  /** 'held-out' when the candidate has held-out tasks, else 'all' (every task it was run on). */
  scope: 'held-out' | 'all';
  tasks: number;
  delta: number;
  ci: [number, number];
  pValue: number;
}

export interface GainCurve {
  points: GainCurvePoint[];
  /** Candidates that share no scored item with the baseline, so have no point (named, not dropped silently). */
  unpaired: string[];
}

/**
 * One point per candidate (results[1..]) vs results[0]; null unless at least two candidates
 * report different numbers of tuning families (a sweep, not a pair). A candidate the baseline
 * cannot be paired with is listed in `unpaired`: a report is never lost to one odd run.
 */
export function gainCurve(results: RunResult[], iterations = 1000): GainCurve | null {
  const [base, ...candidates] = results;
  if (!base || candidates.length < 2) return null;
  const counts = new Set(candidates.map((r) => r.model.trainedFamilies?.length ?? 0));
  if (counts.size < 2) return null;
  const points: GainCurvePoint[] = [];
  const unpaired: string[] = [];
  const baseline = primaryOnly(base);
  for (const r of candidates) {
    let c;
    try {
      c = compareRuns(baseline, primaryOnly(r), { seed: r.seed, claims: false, iterations });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      unpaired.push(r.model.name);
      continue;
    }
    const agg = c.heldOut ?? c.overall;
    points.push({
      model: r.model.name, families: r.model.trainedFamilies?.length ?? 0, scope: c.heldOut ? 'held-out' : 'all',
      tasks: agg.tasks, delta: agg.delta, ci: agg.ci, pValue: agg.pValue,
    });
  }
  points.sort((a, b) => a.families - b.families || a.model.localeCompare(b.model));
  return { points, unpaired };
}

/** The points alone (see gainCurve). */
export function gainCurvePoints(results: RunResult[], iterations = 1000): GainCurvePoint[] | null {
  return gainCurve(results, iterations)?.points ?? null;
}

/** The run with each task's primary metric only: the macro gain needs nothing else. */
function primaryOnly(r: RunResult): RunResult {
  const keep = <T>(rec: Record<string, T>, name: string): Record<string, T> => (name in rec ? { [name]: rec[name]! } : {});
  return {
    ...r,
    tasks: r.tasks.map(({ stability: _stability, ...t }) => ({
      ...t, metrics: keep(t.metrics, t.primary), stats: keep(t.stats, t.primary), spread: keep(t.spread, t.primary),
      templates: Object.fromEntries(Object.entries(t.templates).map(([id, m]) => [id, keep(m, t.primary)])),
    })),
  };
}

/** The section body: the chart and its numbers as a table; '' when the runs are not a sweep. */
export function gainCurveBody(results: RunResult[], iterations = 1000): string {
  const curve = gainCurve(results, iterations);
  if (!curve) return '';
  const { points, unpaired } = curve;
  const base = results[0]!.model.name;
  const missing = unpaired.length
    ? `<p class="muted">No point for ${unpaired.map(esc).join(', ')}: ${unpaired.length === 1 ? 'it shares' : 'they share'} no scored item with ${esc(base)}.</p>`
    : '';
  if (points.length === 0) return missing;
  const chart = lineChart([{
    name: `held-out gain over ${base}`,
    points: points.map((p) => ({ x: p.families, value: p.delta, ci: p.ci, note: `${p.model}, ${p.tasks} tasks` })),
  }], {
    label: `Held-out gain over ${base} against the number of task families each model was tuned on`,
    units: 'points', xTitle: 'task families in the tuning mix (from each model card)', yTitle: `gain over ${base}, pts`,
    cls: 'gain-curve',
  });
  const rows = points.map((p) => `<tr><td>${esc(p.model)}</td><td class="num">${p.families}</td><td>${esc(p.scope)}</td>`
    + `<td class="num">${p.tasks}</td><td class="num">${pts(p.delta)}</td><td class="num">${interval(p.ci)}</td>`
    + `<td class="num">${p.pValue < 0.001 ? '&lt;0.001' : p.pValue.toFixed(3)}</td></tr>`).join('');
  return `<p class="intro">Each candidate's macro gain over ${esc(base)} on its held-out tasks (primary metrics, paired 95% bootstrap interval as the band), against how many task families its model card says it was tuned on.</p>`
    + chart
    + `<table class="gain-curve-table"><thead><tr><th>model</th><th>families</th><th>scope</th><th>tasks</th><th>gain, pts</th><th>95% CI</th><th>p</th></tr></thead><tbody>${rows}</tbody></table>`
    + missing;
}

/** The same numbers as a markdown table (for READMEs and terminals). */
export function gainCurveMarkdown(results: RunResult[], iterations = 1000): string {
  const points = gainCurvePoints(results, iterations);
  if (!points?.length) return '';
  const lines = ['| model | tuning families | held-out tasks | gain over base, pts | 95% CI | p |', '| --- | ---: | ---: | ---: | --- | ---: |'];
  for (const p of points) {
    lines.push(`| ${p.model} | ${p.families} | ${p.tasks} | ${pts(p.delta).replace('\u2212', '-')} | ${interval(p.ci).replace(/\u2212/g, '-')} | ${p.pValue < 0.001 ? '<0.001' : p.pValue.toFixed(3)} |`);
  }
  return lines.join('\n');
}
