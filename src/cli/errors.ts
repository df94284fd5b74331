import pc from 'picocolors';
import { HeldoutError } from '../errors.js';
import { fromSystemError } from './system-error.js';

export const EXIT = { ok: 0, gateFailed: 1, error: 2, interrupted: 130 } as const;

export class Interrupted extends Error {
  constructor(readonly detail = 'interrupted') { super(detail); }
}

/** The one place errors become messages and exit codes. */
export function reportError(thrown: unknown, verbose: boolean): number {
  const err = fromSystemError(thrown) ?? thrown;
  if (err instanceof Interrupted || (err instanceof Error && err.name === 'AbortError')) {
    process.stderr.write(`${pc.yellow('interrupted')}: ${err instanceof Interrupted ? err.detail : 'stopped'}\n`);
    return EXIT.interrupted;
  }
  if (err instanceof HeldoutError) {
    const lines = [`${pc.red('error')}: ${err.message}`];
    if (err.hint) lines.push(`  fix: ${err.hint}`);
    process.stderr.write(lines.join('\n') + '\n');
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT.error;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${pc.red('internal error')}: ${message}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('  (run again with --verbose for the stack trace, and please report it)\n');
  return EXIT.error;
}
