import { existsSync } from 'node:fs';
import path from 'node:path';
import { compareRuns } from '../compare/compare.js';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { writeReports } from '../report/index.js';
import { terminalTable } from '../report/terminal.js';
import { readRunResultFile } from '../runner/result-file.js';
import { plannedKeys, readManifest } from '../runner/manifest.js';
import { sampleReader } from '../runner/sample-log.js';
import { EXIT } from './errors.js';

export interface CompareArgs { results: string[]; out?: string; format?: string[]; knowledgeMargin?: string | number }

/**
 * Two files: the base/tuned pair view (first = baseline). More: the N-model table. The inputs'
 * run folders are only read: reports go to --out, or to a new folder under reports/.
 */
export async function compareCommand(args: CompareArgs): Promise<number> {
  if (args.results.length < 2) throw new InputError('compare needs at least two result files', { hint: 'heldout compare results/base.json results/tuned.json' });
  const margin = args.knowledgeMargin === undefined ? undefined : Number(args.knowledgeMargin);
  if (margin !== undefined && (String(args.knowledgeMargin).trim() === '' || !(margin >= 0 && margin <= 1))) {
    throw new InputError(`--knowledge-margin ${String(args.knowledgeMargin)}: expected a fraction between 0 and 1`, { hint: 'e.g. --knowledge-margin 0.02 for two points' });
  }
  const results = await Promise.all(args.results.map((f) => readRunResultFile(f)));
  const runDirs = args.results.map((f) => path.dirname(path.dirname(path.resolve(f))));
  const outDir = args.out ? checkOut(path.resolve(args.out)) : newFolder(path.resolve('reports', `compare-${slug(results[0]!.model.name)}-vs-${slug(results[1]!.model.name)}`));
  const comparison = compareRuns(results[0]!, results[1]!, { seed: results[1]!.seed, knowledgeMargin: margin });
  const manifests = await Promise.all(runDirs.map((d) => readManifest(d).catch(() => null)));
  const dirOf = (model: string) => runDirs[results.findIndex((r) => r.model.name === model)];
  const keysOf = (model: string, task: string) => plannedKeys(manifests[results.findIndex((r) => r.model.name === model)] ?? null)(model, task);
  const files = await writeReports({ outDir, results, comparison, samples: sampleReader(dirOf, keysOf) }, args.format);
  process.stdout.write(`${terminalTable(comparison)}\n`);
  process.stderr.write(`\nwrote ${displayPath(outDir)}/: ${files.map((f) => path.basename(f)).join(', ')}\n`);
  return EXIT.ok;
}

/** An --out that holds a run would have that run's comparison and reports replaced: refused. */
function checkOut(dir: string): string {
  if (existsSync(path.join(dir, 'run.json')) || existsSync(path.join(dir, 'samples'))) {
    throw new InputError(`--out ${dir} is a run directory: compare does not write into a run's folder`, {
      file: dir, hint: 'pass an --out folder of its own (or none: compare then writes a new folder under reports/)',
    });
  }
  return dir;
}

/** `dir`, or `dir-2`, `dir-3`, … : the first that does not exist yet. */
function newFolder(dir: string): string {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? dir : `${dir}-${i}`;
    if (!existsSync(candidate)) return candidate;
  }
}

const slug = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');
