import path from 'node:path';
import { compareRuns } from '../compare/compare.js';
import { compareFewShot, findKShotBaseline } from '../compare/fewshot.js';
import type { Comparison } from '../compare/types.js';
import { RunError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { shardSet, type RunManifest, type ShardSet } from './manifest.js';
import type { SampleRecord } from './record.js';
import type { RunResult } from './result-types.js';
import { buildRunResult } from './results.js';
import { readSampleLog, sampleLogPath } from './sample-log.js';

/**
 * Results and the comparison from a run directory's sample logs: what run, resume and merge all
 * end with. Only records whose key the manifest's plan lists count: a record of another model,
 * prompt or setting in the same log is never part of a result.
 */
export async function finishRun(outDir: string, manifest: RunManifest): Promise<{ results: RunResult[]; comparison?: Comparison }> {
  const results: RunResult[] = [];
  for (const model of manifest.models) {
    const plan = manifest.plan?.[model.name];
    if (!plan) throw new RunError(`${path.join(outDir, 'run.json')} lists no planned requests for "${model.name}"`, { file: path.join(outDir, 'run.json'), hint: 'run the same heldout run command again on this directory' });
    const records = new Map<string, SampleRecord[]>();
    const planned = new Map<string, number>();
    for (const t of manifest.tasks) {
      const keys = new Set(plan[t.id] ?? []);
      const all = await readSampleLog(sampleLogPath(outDir, model.name, t.id));
      records.set(t.id, [...all.values()].filter((r) => keys.has(r.key)));
      planned.set(t.id, keys.size);
    }
    const result = buildRunResult(manifest.tasks, records, {
      benchmark: manifest.benchmark, model, seed: manifest.seed, settings: manifest.settings, iterations: manifest.iterations,
      shards: partialShards(manifest), planned,
    });
    await writeFileAtomic(path.join(outDir, 'results', `${model.name}.json`), JSON.stringify(result, null, 2) + '\n');
    results.push(result);
  }
  return { results, comparison: comparisonOf(manifest, results) };
}

/** The shards a run holds, when that is not all of them (a complete merge equals an unsharded run, byte for byte). */
export function partialShards(manifest: RunManifest): ShardSet | null {
  const set = shardSet(manifest);
  return set && set.included.length < set.of ? set : null;
}

function comparisonOf(manifest: RunManifest, results: RunResult[]): Comparison | undefined {
  const c = manifest.compare;
  const base = c && results.find((r) => r.model.name === c.baseline);
  const cand = c && results.find((r) => r.model.name === c.candidate);
  if (!base || !cand) return undefined;
  const shared = cand.tasks.some((t) => t.primary && base.tasks.some((b) => b.id === t.id && b.primary));
  if (!shared) return undefined;
  const opts = { seed: manifest.seed, iterations: manifest.iterations };
  const comparison = compareRuns(base, cand, { ...opts, knowledgeMargin: c.knowledge_margin });
  const kShot = findKShotBaseline(results, base);
  if (kShot) comparison.fewshot = compareFewShot(base, kShot, cand, opts);
  return comparison;
}
