import path from 'node:path';
import type { AggregateComparison, Comparison, TaskComparison } from '../compare/types.js';
import type { RunResult } from '../runner/result-types.js';
import { interval, markdownTable, pct, pValue, signedPts, valueWithCi, verdictWords } from './format.js';
import { flipExamplesMarkdown } from './markdown-examples.js';
import { claimsMarkdown } from './markdown-claims.js';
import { fewShotMarkdown } from './markdown-fewshot.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { truncationMarkdown } from './truncation.js';
import type { ReportContext, ReportWriter } from './types.js';

export const markdownWriter: ReportWriter = {
  name: 'markdown',
  async write(ctx) {
    const file = path.join(ctx.outDir, 'report.md');
    await writeFileAtomic(file, await renderMarkdown(ctx));
    return [file];
  },
};

export async function renderMarkdown(ctx: ReportContext): Promise<string> {
  const parts: string[] = [];
  const c = ctx.comparison;
  const bench = ctx.results[0]?.benchmark ?? 'benchmark';
  parts.push(`# heldout: ${bench}`);
  if (c) {
    parts.push(claimsMarkdown(c));
    parts.push(headline(c));
    if (c.pairing?.partial) parts.push(`> **Partial comparison**: ${c.pairing.reasons.join('; ')}`);
    if (ctx.gate) parts.push(gateSection(ctx.gate));
    parts.push(fewShotMarkdown(c));
    parts.push('## By category (primary metric, macro over tasks)', categoryTable(c));
    parts.push('## By task', taskTable(c));
    const split = knowledgeFormatTable(c);
    if (split) parts.push('## Knowledge vs format (choice tasks)', 'Rank classification (`acc`) needs no output format; generated `accuracy` and `format_rate` do. A gain only in the second pair is the model learning to answer in the expected form.', split);
    parts.push('## Prompt sensitivity (spread across templates)', sensitivityTable(c));
    parts.push(await flipExamplesMarkdown(ctx, c));
  } else if (ctx.gate) parts.push(gateSection(ctx.gate));
  if (!c || ctx.results.length > 2) parts.push('## All models (primary metric)', modelsTable(ctx.results));
  parts.push(truncationMarkdown(ctx.results));
  parts.push(footer(ctx.results));
  return parts.filter(Boolean).join('\n\n') + '\n';
}

export function headlineLine(c: Comparison): string {
  const main = c.heldOut ?? c.overall;
  const label = c.heldOut ? 'held-out tasks' : 'all tasks';
  return `${c.candidate.name} vs ${c.baseline.name} on ${label}: ${signedPts(main.delta)} pts ${interval(main.ci, true)} (p ${pValue(main.pValue)}), ${verdictWords(main.delta, main.ci)}`;
}

function headline(c: Comparison): string {
  const row = (name: string, a: AggregateComparison | null) => a
    ? [name, String(a.tasks), pct(a.baseline.value), pct(a.candidate.value), signedPts(a.delta), interval(a.ci, true), pValue(a.pValue), verdictWords(a.delta, a.ci)]
    : [name, '0', '—', '—', '—', '—', '—', 'no tasks'];
  return [
    `**${headlineLine(c)}**`,
    markdownTable(['scope', 'tasks', c.baseline.name, c.candidate.name, 'Δ pts', '95% CI', 'p', 'reading'], [
      row('held-out', c.heldOut), row('seen in tuning', c.seen), row('all', c.overall),
    ]),
  ].join('\n\n');
}

function categoryTable(c: Comparison): string {
  return markdownTable(['category', 'scope', 'tasks', c.baseline.name, c.candidate.name, 'Δ pts', '95% CI', 'p'],
    c.categories.map((a) => [a.category ?? '', a.scope, String(a.tasks), valueWithCi(a.baseline), valueWithCi(a.candidate), signedPts(a.delta), interval(a.ci, true), pValue(a.pValue)]));
}

function taskTable(c: Comparison): string {
  const rows = c.tasks.filter((t) => t.primary || t.metric === 'acc').map((t) => [
    t.task, t.category, t.family, t.heldOut ? 'held-out' : 'seen', t.metric,
    valueWithCi(t.baseline), valueWithCi(t.candidate), signedPts(t.delta), interval(t.ci, true), pValue(t.pValue),
    t.binary ? `${t.fixed ?? 0} / ${t.broken ?? 0}` : '—',
  ]);
  return markdownTable(['task', 'category', 'family', 'held-out', 'metric', c.baseline.name, c.candidate.name, 'Δ pts', '95% CI', 'p', 'fixed / broken'], rows)
    + `\n\nEvery metric of every task is in comparison.json and results.csv. Intervals are paired bootstrap intervals over items (each item carries its answers under every template); fixed / broken count (template, item) answers.`;
}

function knowledgeFormatTable(c: Comparison): string | null {
  const choice = [...new Set(c.tasks.filter((t) => t.metric === 'acc').map((t) => t.task))];
  if (choice.length === 0) return null;
  const cell = (task: string, metric: string) => {
    const t = c.tasks.find((x) => x.task === task && x.metric === metric);
    return t ? `${pct(t.baseline.value)} → ${pct(t.candidate.value)} (${signedPts(t.delta)})` : '—';
  };
  return markdownTable(['task', 'acc (rank, knowledge)', 'accuracy (generated)', 'format_rate'],
    choice.map((task) => [task, cell(task, 'acc'), cell(task, 'accuracy'), cell(task, 'format_rate')]));
}

function sensitivityTable(c: Comparison): string {
  const rows = c.tasks.filter((t) => t.primary).map((t: TaskComparison) => {
    const s = t.spread;
    return [t.task, t.metric,
      `${pct(s.baseline.median)} (IQR ${pct(s.baseline.iqr)})`, `${pct(s.candidate.median)} (IQR ${pct(s.candidate.iqr)})`,
      `${s.candidate.best.id} ${pct(s.candidate.best.value)}`, `${s.candidate.worst.id} ${pct(s.candidate.worst.value)}`];
  });
  return markdownTable(['task', 'metric', `${c.baseline.name} median`, `${c.candidate.name} median`, `${c.candidate.name} best template`, `${c.candidate.name} worst template`], rows);
}

function modelsTable(results: RunResult[]): string {
  const taskIds = [...new Set(results.flatMap((r) => r.tasks.map((t) => t.id)))];
  const rows = taskIds.map((id) => {
    const first = results.flatMap((r) => r.tasks).find((t) => t.id === id)!;
    return [id, first.primary, ...results.map((r) => valueWithCi(r.tasks.find((t) => t.id === id)?.metrics[first.primary]))];
  });
  return markdownTable(['task', 'metric', ...results.map((r) => r.model.name)], rows);
}

function gateSection(gate: NonNullable<ReportContext['gate']>): string {
  const rows = gate.rules.map((r) => [r.passed ? 'pass' : '**FAIL**', r.name, r.scope, r.metric, r.measured === null ? '—' : r.measured.toFixed(4), String(r.threshold), r.detail]);
  return [`## Gate: ${gate.passed ? 'passed' : '**failed**'}`, markdownTable(['result', 'rule', 'scope', 'metric', 'measured', 'threshold', 'detail'], rows)].join('\n\n');
}

function footer(results: RunResult[]): string {
  const lines = results.map((r) => `- \`${r.model.name}\`: ${r.model.source} (${r.model.backend}, ${r.model.format}${r.model.shots ? `, ${r.model.shots}-shot` : ''}), ${r.model.fingerprint}; trained families: ${r.model.trainedFamilies.join(', ') || 'none declared'}`);
  return ['## Models', ...lines, '', `Seed ${results[0]?.seed ?? '—'}. Scores are fractions shown as percentages; intervals are 95%.`].join('\n');
}
