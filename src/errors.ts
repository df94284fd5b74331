/**
 * Typed errors with a stable `code`. Library code throws these; `src/cli` maps
 * them to exit codes (every HeldoutError is exit 2) and prints `message` + `hint`.
 */
export class HeldoutError extends Error {
  readonly code: string = 'E_HELDOUT';
  /** What the user should do about it, one sentence. */
  readonly hint?: string;
  /** File (and line, 1-based) the problem was found in, when there is one. */
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, opts: { hint?: string; file?: string; line?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.hint = opts.hint;
    this.file = opts.file;
    this.line = opts.line;
  }

  /** `file:line message` when a location is known. */
  get where(): string {
    if (!this.file) return '';
    return this.line ? `${this.file}:${this.line}` : this.file;
  }
}

/** A task, benchmark or policy file that does not match its schema. */
export class ConfigError extends HeldoutError { override readonly code = 'E_CONFIG'; }
/** A data file that cannot be read or has a bad row. */
export class DataError extends HeldoutError { override readonly code = 'E_DATA'; }
/** A model that cannot be loaded or asked (missing files, no chat template, server down). */
export class ModelError extends HeldoutError { override readonly code = 'E_MODEL'; }
/** Inputs to a metric or statistic that make no sense (n < k for pass@k, mismatched pairs). */
export class InputError extends HeldoutError { override readonly code = 'E_INPUT'; }
/** A run directory that is locked, mismatched or corrupt. */
export class RunError extends HeldoutError { override readonly code = 'E_RUN'; }
