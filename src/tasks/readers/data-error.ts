import { displayPath, located } from '../../config/load-yaml.js';
import { DataError } from '../../errors.js';

/**
 * A DataError that reads like the config errors: `path/to/file:12 message`.
 * `line` 0 or undefined means the line is unknown and only the file is named.
 */
export function dataError(
  file: string, line: number | undefined, message: string, opts: { hint?: string; cause?: unknown } = {},
): DataError {
  const known = line ? line : undefined;
  return new DataError(`${located(file, known)} ${message}`, { file: displayPath(file), line: known, ...opts });
}
