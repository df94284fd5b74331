/**
 * The reference solutions of HumanEval and MBPP (sanitized) pass in the
 * sandbox, and an empty body passes nothing: the harness neither rejects good
 * code nor accepts bad code. Runs two programs at a time.
 */
import { describe, expect, it } from 'vitest';
import { humanEvalProgram, mbppProgram, runTestPrograms, type HumanEvalProblem, type MbppProblem } from '../../src/sandbox/index.js';
import { hasDataset, readJsonl } from '../metrics/datasets.js';

interface HumanEvalRow extends HumanEvalProblem { task_id: string; canonical_solution: string }
interface MbppRow extends MbppProblem { task_id: number; code: string }

const CONCURRENCY = 2;
// A few reference solutions compute for seconds (MBPP 123 sums amicable numbers below 10,000); leave room under load.
const TIMEOUT_MS = 30_000;
const humanEval = hasDataset('humaneval.jsonl');
const mbpp = hasDataset('mbpp-sanitized.jsonl');

function failures(ids: Array<string | number>, statuses: string[], want: string): string[] {
  return ids.flatMap((id, i) => (statuses[i] === want ? [] : [`${id}: ${statuses[i]}`]));
}

describe.skipIf(!humanEval)('HumanEval in the sandbox', () => {
  const rows = humanEval ? readJsonl<HumanEvalRow>('humaneval.jsonl') : [];

  it('passes all 164 canonical solutions', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const results = await runTestPrograms(rows.map((row) => ({ language: 'python', code: humanEvalProgram(row, row.canonical_solution), timeoutMs: TIMEOUT_MS })), CONCURRENCY);
    console.info(`HumanEval canonical: ${results.filter((r) => r.status === 'passed').length}/164 in ${Date.now() - started} ms`);
    expect(failures(rows.map((r) => r.task_id), results.map((r) => r.status), 'passed')).toEqual([]);
  });

  it('passes none with a body of `pass`', { timeout: 300_000 }, async () => {
    const results = await runTestPrograms(rows.map((row) => ({ language: 'python', code: humanEvalProgram(row, '    pass\n'), timeoutMs: TIMEOUT_MS })), CONCURRENCY);
    expect(results.filter((r) => r.status === 'passed').map((_, i) => rows[i]!.task_id)).toEqual([]);
  });
});

describe.skipIf(!mbpp)('MBPP sanitized in the sandbox', () => {
  const rows = mbpp ? readJsonl<MbppRow>('mbpp-sanitized.jsonl') : [];

  it('passes all 427 reference solutions', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const results = await runTestPrograms(rows.map((row) => ({ language: 'python', code: mbppProgram(row, row.code), timeoutMs: TIMEOUT_MS })), CONCURRENCY);
    console.info(`MBPP sanitized reference: ${results.filter((r) => r.status === 'passed').length}/427 in ${Date.now() - started} ms`);
    expect(failures(rows.map((r) => r.task_id), results.map((r) => r.status), 'passed')).toEqual([]);
  });
});
