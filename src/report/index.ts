import { mkdir } from 'node:fs/promises';
import { didYouMean } from '../config/suggest.js';
import { ConfigError } from '../errors.js';
import { csvWriter } from './csv.js';
import { jsonWriter } from './json.js';
import { markdownWriter } from './markdown.js';
import type { ReportContext, ReportWriter } from './types.js';

export type { ReportContext, ReportWriter } from './types.js';

/** Writers by `--format` name, each loaded only when asked for. */
const WRITERS = new Map<string, () => Promise<ReportWriter>>([
  ['markdown', async () => markdownWriter],
  ['csv', async () => csvWriter],
  ['json', async () => jsonWriter],
  ['html', async () => (await import('./html/index.js')).htmlWriter],
  ['junit', async () => (await import('./junit.js')).junitWriter],
  ['github', async () => (await import('./github.js')).githubWriter],
]);

export const DEFAULT_FORMATS = ['markdown', 'csv', 'json', 'html'];

export function knownFormats(): string[] {
  return [...WRITERS.keys()];
}

/** Refuse an unknown `--format` before any work is done (not after a long run). */
export function checkFormats(formats: string[] | undefined): void {
  for (const name of formats ?? []) {
    if (!WRITERS.has(name)) throw new ConfigError(`--format ${name}: unknown report format${didYouMean(name, knownFormats())}`, { hint: `use one of: ${knownFormats().join(', ')}` });
  }
}

export async function writeReports(ctx: ReportContext, formats: string[] = DEFAULT_FORMATS): Promise<string[]> {
  await mkdir(ctx.outDir, { recursive: true });
  const written: string[] = [];
  for (const name of formats) {
    const load = WRITERS.get(name);
    if (!load) throw new ConfigError(`unknown report format "${name}"`, { hint: `use one of: ${knownFormats().join(', ')}` });
    written.push(...(await (await load()).write(ctx)));
  }
  return written;
}
