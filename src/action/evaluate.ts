/**
 * The action's evaluate step: the run/merge/gate sequence, then the step summary, the annotations and
 * the pull-request comment. Commenting never changes the exit code, which follows the gate.
 */
import { appendFile } from 'node:fs/promises';
import { pullRequestNumber, upsertComment, type CommentResult } from './comment.js';
import type { ActionPlan } from './plan.js';
import { runSequence, type RunHeldout } from './sequence.js';
import { actionReport, commentMarker, runLinks } from './summary.js';

type Env = Record<string, string | undefined>;

export interface EvaluateDeps {
  heldout: RunHeldout;
  env: Env;
  fetch?: typeof fetch;
}

export interface EvaluateResult {
  exitCode: 0 | 1 | 2;
  /** Workflow commands and notes for the step's log (annotations, notices, warnings). */
  lines: string[];
  outputs: Record<string, string>;
  markdown: string;
  comment?: CommentResult;
}

const notice = (text: string) => `::notice title=heldout::${text}`;
const warning = (text: string) => `::warning title=heldout::${text.replace(/\r?\n/g, ' ')}`;

async function comment(plan: ActionPlan, markdown: string, env: Env, fetchImpl?: typeof fetch): Promise<{ lines: string[]; result?: CommentResult }> {
  if (!plan.comment) return { lines: [] };
  const issue = await pullRequestNumber(env.GITHUB_EVENT_PATH);
  if (issue === null) return { lines: [notice('no pull request in this event: not commenting')] };
  const token = env.HELDOUT_ACTION_TOKEN ?? '';
  if (!token) return { lines: [notice('no token: not commenting on the pull request (pass token:, or give the job permissions: pull-requests: write)')] };
  const repo = env.GITHUB_REPOSITORY ?? '';
  if (!/^[^/]+\/[^/]+$/.test(repo)) return { lines: [warning(`GITHUB_REPOSITORY "${repo}" is not owner/name: not commenting`)] };
  try {
    const target = { api: env.GITHUB_API_URL || 'https://api.github.com', repo, issue, token };
    const result = await upsertComment(target, commentMarker(plan.benchmarkName), markdown, fetchImpl);
    return { lines: [notice(`${result.action} the pull request comment${result.url ? ` ${result.url}` : ''}`)], result };
  } catch (err) {
    return { lines: [warning(`could not comment on pull request #${issue}: ${(err as Error).message}`)] };
  }
}

export async function evaluateAction(plan: ActionPlan, deps: EvaluateDeps): Promise<EvaluateResult> {
  const outcome = await runSequence(plan, deps.heldout);
  const report = await actionReport(plan, outcome, runLinks(deps.env, plan.artifact));
  const lines = [...report.annotations];
  const summaryFile = deps.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendFile(summaryFile, `${report.markdown}\n`);
    } catch (err) {
      lines.push(warning(`could not write the step summary ${summaryFile}: ${(err as Error).message}`));
    }
  }
  const c = await comment(plan, report.markdown, deps.env, deps.fetch);
  lines.push(...c.lines);
  const outputs = {
    'exit-code': String(outcome.exitCode),
    passed: report.gate ? String(report.gate.passed) : '',
    'run-dir': plan.outDir,
    'comment-url': c.result?.url ?? '',
  };
  return { exitCode: outcome.exitCode, lines, outputs, markdown: report.markdown, ...(c.result ? { comment: c.result } : {}) };
}
