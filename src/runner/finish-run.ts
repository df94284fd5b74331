import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareRuns } from '../compare/compare.js';
import { compareFewShot, findKShotBaseline } from '../compare/fewshot.js';
import type { Comparison } from '../compare/types.js';
import type { RunManifest } from './manifest.js';
import type { SampleRecord } from './record.js';
import type { RunResult } from './result-types.js';
import { buildRunResult } from './results.js';
import { readSampleLog, sampleLogPath } from './sample-log.js';

/** Results and the comparison from a run directory's sample logs: what run, resume and merge all end with. */
export async function finishRun(outDir: string, manifest: RunManifest): Promise<{ results: RunResult[]; comparison?: Comparison }> {
  const results: RunResult[] = [];
  await mkdir(path.join(outDir, 'results'), { recursive: true });
  for (const model of manifest.models) {
    const records = new Map<string, SampleRecord[]>();
    for (const t of manifest.tasks) records.set(t.id, [...(await readSampleLog(sampleLogPath(outDir, model.name, t.id))).values()]);
    const result = buildRunResult(manifest.tasks, records, {
      benchmark: manifest.benchmark, model, seed: manifest.seed, settings: manifest.settings, iterations: manifest.iterations,
    });
    await writeFile(path.join(outDir, 'results', `${model.name}.json`), JSON.stringify(result, null, 2) + '\n');
    results.push(result);
  }
  const c = manifest.compare;
  const base = c && results.find((r) => r.model.name === c.baseline);
  const cand = c && results.find((r) => r.model.name === c.candidate);
  const shared = base && cand && cand.tasks.some((t) => t.primary && base.tasks.some((b) => b.id === t.id && b.primary));
  const comparison = base && cand && shared ? compareRuns(base, cand, { seed: manifest.seed, iterations: manifest.iterations }) : undefined;
  const kShot = comparison && base ? findKShotBaseline(results, base) : undefined;
  if (comparison && kShot && cand && base) {
    comparison.fewshot = compareFewShot(base, kShot, cand, { seed: manifest.seed, iterations: manifest.iterations });
  }
  return { results, comparison };
}
