/**
 * The Markdown the action writes to the job's step summary and posts on the pull request: the same
 * text in both places, the pull-request copy starting with a marker so that a rerun edits it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readComparisonFile } from '../compare/comparison-file.js';
import { readStoredVerdict } from '../report/gate-json.js';
import { errorAnnotations, escapeData, renderStepSummary } from '../report/github.js';
import type { GateVerdictLike } from '../report/types.js';
import type { ActionPlan } from './plan.js';
import type { SequenceOutcome } from './sequence.js';

/** GitHub refuses comments over 65,536 characters. */
const MAX_BODY = 60_000;

/** The hidden first line that identifies this benchmark's comment on a pull request. */
export function commentMarker(benchmark: string): string {
  return `<!-- heldout-action: ${benchmark.replace(/--/g, '-')} -->`;
}

export interface RunLinks {
  /** The workflow run's page, when the GitHub variables name it. */
  runUrl?: string;
  artifact: string;
  sha?: string;
}

export function runLinks(env: Record<string, string | undefined>, artifact: string): RunLinks {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run, GITHUB_SHA: sha } = env;
  return { ...(server && repo && run ? { runUrl: `${server}/${repo}/actions/runs/${run}` } : {}), artifact, ...(sha ? { sha } : {}) };
}

function footer(links: RunLinks): string {
  const where = links.runUrl ? `[the workflow run](${links.runUrl})` : 'the workflow run';
  const commit = links.sha ? ` · commit \`${links.sha.slice(0, 7)}\`` : '';
  return `<sub>Full report (report.html, results, comparison.json): artifact \`${links.artifact}\` of ${where}${commit}. Written by heldout.</sub>\n`;
}

function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}\n${text}\n${ticks}`;
}

export interface ActionReport {
  markdown: string;
  annotations: string[];
  gate?: GateVerdictLike;
}

/** What the run directory says after the sequence, as Markdown and `::error` annotations. */
export async function actionReport(plan: ActionPlan, outcome: SequenceOutcome, links: RunLinks): Promise<ActionReport> {
  if (outcome.failure) {
    const markdown = `## heldout: ${plan.benchmarkName} could not be evaluated (exit 2)\n\n\`${outcome.failure.command}\` failed:\n\n${fence(outcome.failure.message)}\n\n${footer(links)}`;
    const first = outcome.failure.message.split('\n').find((l) => /error/i.test(l)) ?? outcome.failure.message.split('\n')[0] ?? '';
    return { markdown, annotations: [`::error title=heldout::${escapeData(first)}`] };
  }
  if (plan.mode === 'shard') {
    return { markdown: `## heldout: ${plan.benchmarkName}, shard ${plan.shard!.index} of ${plan.shard!.count} evaluated\n\nThe merge job joins the shards, gates and reports.\n\n${footer(links)}`, annotations: [] };
  }
  const file = path.join(plan.outDir, 'comparison.json');
  const comparison = existsSync(file) ? await readComparisonFile(file) : undefined;
  const gate = (await readStoredVerdict(plan.outDir))?.verdict;
  const body = comparison || gate ? renderStepSummary({ comparison, gate }) : `## heldout: ${plan.benchmarkName}\n\nNo baseline and candidate were compared (the benchmark names no compare: pair).\n\n`;
  const markdown = clip(body) + footer(links);
  return { markdown, annotations: gate ? errorAnnotations(gate) : [], ...(gate ? { gate } : {}) };
}

function clip(text: string): string {
  if (text.length <= MAX_BODY) return text;
  return `${text.slice(0, MAX_BODY).replace(/\n[^\n]*$/, '')}\n\n… (cut to fit a comment; the whole table is in report.md)\n\n`;
}
