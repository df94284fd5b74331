/**
 * Running a program whose tests must all run: the harness appends a line that
 * prints a fresh random token after the last test, and the run passes only if
 * that token appears. Exiting early with status 0 therefore fails.
 * (This defeats exit tricks, not code that reads its own source to find the
 * token; the sandbox, not the token, is the security boundary.)
 */
import { randomBytes } from 'node:crypto';
import { mapWithConcurrency } from './pool.js';
import { runProgram } from './run-program.js';
import type { RunProgramOptions, SandboxLanguage, SandboxResult } from './types.js';

export type TestProgramOptions = Omit<RunProgramOptions, 'passToken'>;

export function newPassToken(): string {
  return `HELDOUT_TESTS_DONE_${randomBytes(16).toString('hex')}`;
}

/** The program followed by a statement, at top level, that prints the token. */
export function appendPassToken(language: SandboxLanguage, code: string, token: string): string {
  const literal = JSON.stringify(token);
  return language === 'python'
    ? `${code}\n\nprint(${literal}, flush=True)\n`
    : `${code}\n;process.stdout.write(${literal} + "\\n");\n`;
}

/** Run program + tests; 'passed' means exit 0 after the last test ran. */
export function runTestProgram(options: TestProgramOptions): Promise<SandboxResult> {
  const token = newPassToken();
  return runProgram({ ...options, code: appendPassToken(options.language, options.code, token), passToken: token });
}

/** Several test programs, at most `concurrency` at a time (default 2, one per core here). */
export function runTestPrograms(programs: readonly TestProgramOptions[], concurrency = 2): Promise<SandboxResult[]> {
  return mapWithConcurrency(programs, concurrency, (program) => runTestProgram(program));
}

export interface HumanEvalProblem { prompt: string; test: string; entry_point: string }

/** prompt + completion + test + check(entry_point), as human-eval's execution.py builds it. */
export function humanEvalProgram(problem: HumanEvalProblem, completion: string): string {
  return `${problem.prompt}${completion}\n${problem.test}\ncheck(${problem.entry_point})`;
}

export interface MbppProblem { test_imports?: string[]; test_list: string[]; test_setup_code?: string }

/** Solution code, then the test imports, setup and asserts. */
export function mbppProgram(problem: MbppProblem, code: string): string {
  const parts = [code, ...(problem.test_imports ?? []), problem.test_setup_code ?? '', ...problem.test_list];
  return parts.filter((part) => part !== '').join('\n');
}
