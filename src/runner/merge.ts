import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunError } from '../errors.js';
import type { Comparison } from '../compare/types.js';
import { finishRun } from './finish-run.js';
import { acquireLock } from './lock.js';
import { manifestKey, readManifest, writeManifest, type RunManifest } from './manifest.js';
import type { SampleRecord } from './record.js';
import type { RunResult } from './result-types.js';
import { appendRecords, readSampleLog, sampleLogPath } from './sample-log.js';

export interface MergeOutcome {
  outDir: string;
  manifest: RunManifest;
  results: RunResult[];
  comparison?: Comparison;
  /** Shard indices that were not among the inputs (the merged run is then partial). */
  missingShards: number[];
}

/** Join run directories of one benchmark (shards, or pieces of a resumed run) into one run. */
export async function mergeRuns(dirs: string[], out: string): Promise<MergeOutcome> {
  const manifests = await Promise.all(dirs.map(async (d) => {
    const m = await readManifest(path.resolve(d));
    if (!m) throw new RunError(`${d} is not a heldout run directory (no run.json)`, { file: d, hint: 'pass directories written by heldout run' });
    return m;
  }));
  const first = manifests[0]!;
  manifests.forEach((m, i) => checkCompatible(first, m, dirs[0]!, dirs[i]!));
  const outDir = path.resolve(out);
  if (dirs.some((d) => path.resolve(d) === outDir)) throw new RunError(`--out ${out} is one of the inputs`, { hint: 'merge into a new directory' });
  const release = await acquireLock(outDir);
  try {
    for (const model of first.models) {
      for (const task of first.tasks) {
        const merged = new Map<string, SampleRecord>();
        for (const d of dirs) for (const [k, r] of await readSampleLog(sampleLogPath(path.resolve(d), model.name, task.id))) if (!merged.has(k)) merged.set(k, r);
        const target = sampleLogPath(outDir, model.name, task.id);
        const existing = existsSync(target) ? await readSampleLog(target) : new Map();
        await appendRecords(target, [...merged.values()].filter((r) => !existing.has(r.key)));
      }
    }
    const manifest: RunManifest = { ...first, shard: null };
    await writeManifest(outDir, manifest);
    const { results, comparison } = await finishRun(outDir, manifest);
    return { outDir, manifest, results, comparison, missingShards: missingShards(manifests) };
  } finally {
    await release();
  }
}

function checkCompatible(a: RunManifest, b: RunManifest, dirA: string, dirB: string): void {
  if (manifestKey(a) !== manifestKey(b)) {
    throw new RunError(`${dirB} is not the same run as ${dirA}: the benchmark, tasks, items or settings differ`, { hint: 'merge only shards of one heldout run command' });
  }
  const models = (m: RunManifest) => JSON.stringify(m.models.map((x) => [x.name, x.fingerprint]).sort());
  if (models(a) !== models(b)) {
    throw new RunError(`${dirB} was answered by other models than ${dirA} (${models(b)} vs ${models(a)})`, { hint: 'every shard must run the same model files' });
  }
  if (a.shard && b.shard && a.shard.count !== b.shard.count) {
    throw new RunError(`${dirB} is shard ${b.shard.index}/${b.shard.count} but ${dirA} is shard ${a.shard.index}/${a.shard.count}`, { hint: 'merge shards of one split' });
  }
}

function missingShards(manifests: RunManifest[]): number[] {
  const count = manifests.find((m) => m.shard)?.shard?.count;
  if (!count || manifests.some((m) => !m.shard)) return [];
  const have = new Set(manifests.map((m) => m.shard!.index));
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
}
