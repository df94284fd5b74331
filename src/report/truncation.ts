import type { RunResult } from '../runner/result-types.js';
import { markdownTable } from './format.js';

/** One model × task whose prompts were cut from the left to fit the model's context. */
export interface TruncationRow {
  model: string;
  task: string;
  /** Answers (template × item) whose prompt was cut, of `answers`. */
  cut: number;
  answers: number;
  /** The most tokens dropped from one prompt (absent in results written before it was recorded). */
  mostTokens?: number;
}

export function truncationRows(results: RunResult[]): TruncationRow[] {
  return results.flatMap((r) => r.tasks.filter((t) => t.truncated > 0).map((t) => ({
    model: r.model.name, task: t.id, cut: t.truncated,
    answers: t.items.length * Math.max(1, Object.keys(t.templates).length),
    ...(t.truncatedTokens ? { mostTokens: t.truncatedTokens } : {}),
  })));
}

const count = (n: number) => n.toLocaleString('en-US');
const most = (r: TruncationRow) => (r.mostTokens ? `up to ${count(r.mostTokens)} tokens` : 'tokens') + ' dropped from the start';

/** Lines for the terminal (stderr): a cut prompt is a different question, so it is never silent. */
export function truncationLines(results: RunResult[]): string[] {
  return truncationRows(results).map((r) => `note: ${r.model} on ${r.task}: ${count(r.cut)} of ${count(r.answers)} prompts were cut to fit the model's context (${most(r)}); those answers saw only the prompt's end`);
}

export function truncationMarkdown(results: RunResult[]): string {
  const rows = truncationRows(results);
  if (rows.length === 0) return '';
  return ['## Prompts cut to fit the context',
    "These prompts were longer than the model's context: their start was dropped, so the model answered a shortened question.",
    markdownTable(['model', 'task', 'prompts cut', 'most tokens dropped from one prompt'],
      rows.map((r) => [r.model, r.task, `${count(r.cut)} of ${count(r.answers)}`, r.mostTokens ? count(r.mostTokens) : '—'])),
  ].join('\n\n');
}

const escHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same table for report.html ('' when nothing was cut). */
export function truncationHtml(results: RunResult[]): string {
  const rows = truncationRows(results);
  if (rows.length === 0) return '';
  const body = rows.map((r) => `<tr><td>${escHtml(r.model)}</td><td>${escHtml(r.task)}</td><td class="num">${count(r.cut)} of ${count(r.answers)}</td><td class="num">${r.mostTokens ? count(r.mostTokens) : '—'}</td></tr>`).join('');
  return `<p class="intro">These prompts were longer than the model's context: their start was dropped, so the model answered a shortened question.</p>`
    + `<table class="truncation"><thead><tr><th>model</th><th>task</th><th>prompts cut</th><th>most tokens dropped from one prompt</th></tr></thead><tbody>${body}</tbody></table>`;
}
