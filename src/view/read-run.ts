/** One run directory as the view shows it, read with the project's readers; nothing is written. */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Comparison } from '../compare/types.js';
import { InputError } from '../errors.js';
import { readComparisonFile } from '../compare/comparison-file.js';
import { readRunResultFile } from '../runner/result-file.js';
import { readStoredVerdict, type StoredVerdict } from '../report/gate-json.js';
import { readManifest, type RunManifest } from '../runner/manifest.js';
import type { ModelIdentity, RunResult } from '../runner/result-types.js';
import type { FoundRun } from './scan.js';

export interface RunSummary extends FoundRun {
  benchmark: string;
  models: ModelIdentity[];
  /** When the run's results were last written (ms since the epoch). */
  date: number;
  manifest: RunManifest | null;
  comparison: Comparison | null;
  verdict: StoredVerdict | null;
  /** Result files present, by model name (read on demand: they hold every item's statistics). */
  resultFiles: Record<string, string>;
  hasReport: boolean;
  /** What could not be read, in words (the rest of the run is still shown). */
  problems: string[];
}

/** Read a run directory's manifest, comparison and gate verdict; a broken file becomes a problem, not a failure. */
export async function readRunSummary(run: FoundRun): Promise<RunSummary> {
  const problems: string[] = [];
  const attempt = async <T>(what: () => Promise<T>): Promise<T | null> => {
    try {
      return await what();
    } catch (err) {
      problems.push((err as Error).message);
      return null;
    }
  };
  const manifest = await attempt(() => readManifest(run.dir));
  const comparisonFile = path.join(run.dir, 'comparison.json');
  const comparison = existsSync(comparisonFile) ? await attempt(() => readComparisonFile(comparisonFile)) : null;
  const verdict = await attempt(() => readStoredVerdict(run.dir));
  const resultFiles = await listResultFiles(run.dir);
  const models = manifest?.models ?? (comparison ? [comparison.baseline, comparison.candidate] : []);
  if (models.length === 0 && Object.keys(resultFiles).length > 0) {
    for (const file of Object.values(resultFiles)) {
      const r = await attempt(() => readRunResultFile(file));
      if (r) models.push(r.model);
    }
  }
  return {
    ...run,
    benchmark: comparison?.benchmark ?? manifest?.benchmark ?? '',
    models,
    // the run's own record of when it finished; file times only for directories written before it existed
    date: finishedAt(manifest?.finished) ?? await latestWrite(run.dir, [comparisonFile, ...Object.values(resultFiles), path.join(run.dir, 'run.json')]),
    manifest, comparison, verdict, resultFiles,
    hasReport: existsSync(path.join(run.dir, 'report.html')),
    problems,
  };
}

async function listResultFiles(dir: string): Promise<Record<string, string>> {
  const folder = path.join(dir, 'results');
  const names = await readdir(folder).catch(() => [] as string[]);
  return Object.fromEntries(names.filter((n) => n.endsWith('.json')).sort().map((n) => [n.slice(0, -'.json'.length), path.join(folder, n)]));
}

async function latestWrite(dir: string, files: string[]): Promise<number> {
  const times = await Promise.all(files.map((f) => stat(f).then((s) => s.mtimeMs, () => 0)));
  const best = Math.max(...times);
  return best > 0 ? best : (await stat(dir)).mtimeMs;
}

/** A model's RunResult from a run directory (the candidate's, for gains between releases). */
export async function readModelResult(run: RunSummary, model: string): Promise<RunResult> {
  const file = run.resultFiles[model];
  if (!file) throw new InputError(`${run.dir} has no results/${model}.json`, { file: run.dir, hint: 'keep each run folder whole (results/ beside comparison.json)' });
  return readRunResultFile(file);
}

/** Every run under the roots, newest last. */
export async function readRuns(found: FoundRun[]): Promise<RunSummary[]> {
  const runs = await Promise.all(found.map(readRunSummary));
  return runs.sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
}

function finishedAt(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
