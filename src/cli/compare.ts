import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareRuns } from '../compare/compare.js';
import { InputError } from '../errors.js';
import { writeReports } from '../report/index.js';
import { terminalTable } from '../report/terminal.js';
import type { RunResult } from '../runner/result-types.js';
import { sampleReader } from '../runner/sample-log.js';
import { EXIT } from './errors.js';

export async function readRunResult(file: string): Promise<RunResult> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new InputError(`cannot read ${file}: ${(cause as Error).message}`, { file, hint: 'pass results/<model>.json files written by heldout run', cause });
  }
  const r = data as RunResult;
  if (r?.version !== 1 || !Array.isArray(r.tasks) || !r.model) {
    throw new InputError(`${file} is not a heldout RunResult (version 1)`, { file, hint: 'pass results/<model>.json files written by heldout run' });
  }
  return r;
}

export interface CompareArgs { results: string[]; out?: string; format?: string[] }

/** Two files: the base/tuned pair view (first = baseline). More: the N-model table. */
export async function compareCommand(args: CompareArgs): Promise<number> {
  if (args.results.length < 2) throw new InputError('compare needs at least two result files', { hint: 'heldout compare results/base.json results/tuned.json' });
  const results = await Promise.all(args.results.map(readRunResult));
  const outDir = path.resolve(args.out ?? path.dirname(path.dirname(path.resolve(args.results[1]!))));
  const comparison = compareRuns(results[0]!, results[1]!, { seed: results[1]!.seed });
  const runDirs = args.results.map((f) => path.dirname(path.dirname(path.resolve(f))));
  await writeReports({
    outDir, results, comparison,
    samples: sampleReader((model) => runDirs[results.findIndex((r) => r.model.name === model)]),
  }, args.format);
  process.stdout.write(`${terminalTable(comparison)}\n`);
  return EXIT.ok;
}
