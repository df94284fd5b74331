import { appendFile } from 'node:fs/promises';
import type { Comparison } from '../compare/types.js';
import { failureMessage, formatRuleValue, formatThreshold } from '../gate/format.js';
import { claimCells } from './claims-text.js';
import { interval, markdownTable, pct, pValue, signedPts } from './format.js';
import { headlineLine } from './markdown.js';
import type { GateVerdictLike, ReportContext, ReportWriter } from './types.js';

export interface GithubWriterOptions {
  /** Defaults to process.env, read when the writer runs. */
  env?: Record<string, string | undefined>;
  /** Where `::error` workflow commands go; defaults to process.stdout (GitHub reads them from there). */
  stdout?: { write(text: string): unknown };
}

/**
 * GitHub Actions: appends a Markdown verdict to $GITHUB_STEP_SUMMARY (when set)
 * and prints an `::error` annotation for each failed gate rule.
 */
export function createGithubWriter(opts: GithubWriterOptions = {}): ReportWriter {
  return {
    name: 'github',
    async write(ctx) {
      const env = opts.env ?? process.env;
      const written: string[] = [];
      const summaryFile = env.GITHUB_STEP_SUMMARY;
      if (summaryFile && (ctx.gate || ctx.comparison)) {
        await appendFile(summaryFile, renderStepSummary(ctx));
        written.push(summaryFile);
      }
      const errors = ctx.gate ? errorAnnotations(ctx.gate) : [];
      if (errors.length) (opts.stdout ?? process.stdout).write(errors.join('\n') + '\n');
      return written;
    },
  };
}

export const githubWriter: ReportWriter = createGithubWriter();

export function renderStepSummary(ctx: Pick<ReportContext, 'comparison' | 'gate'>): string {
  const parts: string[] = [];
  const c = ctx.comparison;
  if (ctx.gate) {
    parts.push(`## heldout gate: ${ctx.gate.passed ? 'passed ✅' : 'FAILED ❌'}`);
    if (c) parts.push(`**${headlineLine(c)}**`);
    if (c) parts.push(claimsTable(c));
    parts.push(gateTable(ctx.gate));
  } else if (c) {
    parts.push(`## heldout: ${c.benchmark}`, `**${headlineLine(c)}**`, claimsTable(c), taskTable(c));
  }
  return parts.filter(Boolean).join('\n\n') + '\n\n';
}

const VERDICT: Record<string, string> = { delivered: '✅ delivered', 'not delivered': '❌ not delivered', "can't tell": "❔ can't tell", 'not measured': 'not measured' };

/** The claims scorecard, compact: claim, effect (tuned − base), paired 95% interval, verdict. '' when the comparison has none. */
export function claimsTable(c: Comparison): string {
  const claims = c.claims ?? [];
  if (claims.length === 0) return '';
  const rows = claims.map((claim) => {
    const x = claimCells(claim);
    const lower = claim.better === 'lower' && claim.verdict !== 'not measured' ? ' (lower is better)' : '';
    return [x.id, `${x.effect}${lower}`, x.ci, VERDICT[x.verdict] ?? x.verdict];
  });
  return `**Claims: did tuning deliver?** (${c.candidate.name} − ${c.baseline.name}, paired)\n\n${markdownTable(['claim', 'effect', '95% CI', 'verdict'], rows)}`;
}

function gateTable(gate: GateVerdictLike): string {
  const rows = gate.rules.map((r) => [
    r.passed ? 'pass' : '**FAIL**', r.name, `\`${r.scope}\``, r.metric, formatRuleValue(r, r.measured), formatThreshold(r), r.detail,
  ]);
  return markdownTable(['result', 'rule', 'scope', 'metric', 'measured', 'threshold', 'detail'], rows);
}

function taskTable(c: Comparison): string {
  const rows = c.tasks.filter((t) => t.primary).map((t) => [
    t.task, t.heldOut ? 'held-out' : 'seen', t.metric, pct(t.baseline.value), pct(t.candidate.value), signedPts(t.delta), interval(t.ci, true), pValue(t.pValue),
  ]);
  return markdownTable(['task', 'set', 'metric', c.baseline.name, c.candidate.name, 'Δ pts', '95% CI', 'p'], rows);
}

/** `::error title=heldout gate::…` workflow commands, one per failed rule. */
export function errorAnnotations(gate: GateVerdictLike): string[] {
  return gate.rules.filter((r) => !r.passed).map((r) => `::error title=heldout gate::${escapeData(failureMessage(r))}`);
}

/** Workflow command data escaping (as @actions/core does it). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
