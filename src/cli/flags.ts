import { ConfigError } from '../errors.js';

/**
 * A whole-number flag as the user typed it (yargs would turn "abc" into NaN and "-1" into a
 * number no caller checks): undefined when absent, else a whole number ≥ min, else a usage error.
 */
export function wholeNumberFlag(flag: string, raw: unknown, min: number, example: string, sep = ' '): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) {
    throw new ConfigError(`--${flag} is given ${raw.length} times (${raw.join(', ')})`, { hint: `give it once, e.g. --${flag} ${example}` });
  }
  const text = String(raw).trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`--${flag}${sep}${text === '' ? '(empty)' : text}: expected a whole number ≥ ${min}`, { hint: `e.g. --${flag}${sep}${example}${flag === 'limit' ? '; leave it out to run every item' : ''}` });
  }
  return n;
}
