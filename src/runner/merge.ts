import path from 'node:path';
import { RunError } from '../errors.js';
import type { Comparison } from '../compare/types.js';
import { finishRun } from './finish-run.js';
import { repairLogs, type LogRepair } from './log-repair.js';
import { acquireLock } from './lock.js';
import { manifestKey, readManifest, shardSet, writeManifest, type RunManifest, type ShardSet } from './manifest.js';
import type { SampleRecord } from './record.js';
import type { RunResult } from './result-types.js';
import { modelDifference } from './same-run.js';
import { appendRecords, readSampleLog, sampleLogPath } from './sample-log.js';

export interface MergeOutcome {
  outDir: string;
  manifest: RunManifest;
  results: RunResult[];
  comparison?: Comparison;
  /** Shard indices that were not among the inputs (the merged run is then partial). */
  missingShards: number[];
  /** The target's logs this merge repaired before appending. */
  repairs: LogRepair[];
}

interface Input { dir: string; manifest: RunManifest }

/**
 * Join run directories of one run (its shards, or pieces of it) into one run directory. Inputs
 * are only read. The target may be new, or hold the same run already (merging again adds what is
 * missing); a target holding any other run is refused before anything is written.
 */
export async function mergeRuns(dirs: string[], out: string): Promise<MergeOutcome> {
  const inputs = await Promise.all(dirs.map(readInput));
  const first = inputs[0]!;
  for (const input of inputs) checkCompatible(first, input);
  checkNoShardTwice(inputs);
  const outDir = path.resolve(out);
  if (inputs.some((i) => i.dir === outDir)) throw new RunError(`--out ${out} is one of the inputs`, { file: outDir, hint: 'merge into a new directory' });
  const release = await acquireLock(outDir);
  try {
    const existing = await readManifest(outDir);
    if (existing) checkTarget(first, existing, outDir);
    const pieces = existing ? [...inputs, { dir: outDir, manifest: existing }] : inputs;
    const shards = mergedShards(pieces.map((p) => p.manifest));
    const manifest: RunManifest = { ...first.manifest, shard: null, plan: unionPlans(pieces.map((p) => p.manifest)) };
    delete manifest.shards;
    if (shards) manifest.shards = shards;
    // a merge is as recent as the newest shard it holds (when its answers were made), not the merge itself
    const finished = pieces.map((p) => p.manifest.finished).filter((f): f is string => typeof f === 'string').sort().at(-1);
    if (finished) manifest.finished = finished;
    else delete manifest.finished;
    const repairs = await repairLogs(outDir, manifest.plan!);
    if (existing?.repairs?.length || repairs.length) manifest.repairs = [...(existing?.repairs ?? []), ...repairs];
    await writeManifest(outDir, manifest);
    for (const model of first.manifest.models) for (const task of first.manifest.tasks) await copyRecords(inputs, outDir, model.name, task.id);
    const { results, comparison } = await finishRun(outDir, manifest);
    const missingShards = shards ? range(shards.of).filter((i) => !shards.included.includes(i)) : [];
    return { outDir, manifest, results, comparison, missingShards, repairs };
  } finally {
    await release();
  }
}

async function readInput(d: string): Promise<Input> {
  const dir = path.resolve(d);
  const manifest = await readManifest(dir);
  if (!manifest) throw new RunError(`${d} is not a heldout run directory (no run.json)`, { file: dir, hint: 'pass directories written by heldout run' });
  if (!manifest.plan) {
    throw new RunError(`${d} was written by an older heldout: its run.json does not list the run's requests`, {
      file: path.join(dir, 'run.json'), hint: `run the same heldout run command on ${d} again with this version (it resumes; answered requests are not asked again), then merge`,
    });
  }
  return { dir, manifest };
}

/** Records of the inputs' plans that the target does not hold yet, appended to the target's log. */
async function copyRecords(inputs: Input[], outDir: string, model: string, task: string): Promise<void> {
  const target = sampleLogPath(outDir, model, task);
  const have = await readSampleLog(target);
  const add = new Map<string, SampleRecord>();
  for (const { dir, manifest } of inputs) {
    const planned = new Set(manifest.plan?.[model]?.[task] ?? []);
    for (const [key, record] of await readSampleLog(sampleLogPath(dir, model, task))) {
      if (planned.has(key) && !have.has(key) && !add.has(key)) add.set(key, record);
    }
  }
  await appendRecords(target, [...add.values()]);
}

function checkCompatible(a: Input, b: Input): void {
  if (manifestKey(a.manifest) !== manifestKey(b.manifest)) {
    throw new RunError(`${b.dir} is not the same run as ${a.dir}: the benchmark, tasks, items or settings differ`, { file: b.dir, hint: 'merge only shards of one heldout run command' });
  }
  const diff = modelsDiffer(a.manifest, b.manifest);
  if (diff) throw new RunError(`${b.dir} was answered by other models than ${a.dir} (${diff})`, { file: b.dir, hint: 'every shard must run the same model files' });
  const sa = shardSet(a.manifest);
  const sb = shardSet(b.manifest);
  if (sa && sb && sa.of !== sb.of) {
    throw new RunError(`${b.dir} holds shards of a ${sb.of}-way split but ${a.dir} of a ${sa.of}-way split`, { file: b.dir, hint: 'merge shards of one split' });
  }
}

/** A directory or a shard given twice is a typo for another one (the merge would silently miss it). */
function checkNoShardTwice(inputs: Input[]): void {
  const byShard = new Map<number, string>();
  const dirs = new Set<string>();
  for (const { dir, manifest } of inputs) {
    if (dirs.has(dir)) throw new RunError(`${dir} is given twice`, { file: dir, hint: 'pass each shard directory once; did you mean another shard?' });
    dirs.add(dir);
    const shard = manifest.shard;
    if (!shard) continue;
    const other = byShard.get(shard.index);
    if (other) {
      throw new RunError(`shard ${shard.index}/${shard.count} given twice: ${other} and ${dir}`, {
        file: dir, hint: `pass one directory per shard (a merge of a ${shard.count}-way split takes shards 1..${shard.count} once each)`,
      });
    }
    byShard.set(shard.index, dir);
  }
}

/** The target may only hold the same run (merged before, or the unsharded run itself). */
function checkTarget(input: Input, existing: RunManifest, outDir: string): void {
  const refuse = (why: string) => new RunError(`--out ${outDir} already holds ${why}`, {
    file: outDir, hint: `merge into a new directory (e.g. --out ${outDir}-merged), or delete ${outDir} if it is no longer needed`,
  });
  if (existing.shard) throw refuse(`the run of shard ${existing.shard.index}/${existing.shard.count}`);
  if (!existing.plan) throw refuse('a run written by an older heldout');
  if (manifestKey(existing) !== manifestKey(input.manifest)) throw refuse(`another run (benchmark ${existing.benchmark}: its tasks, items or settings differ from ${input.dir})`);
  const diff = modelsDiffer(existing, input.manifest);
  if (diff) throw refuse(`a run of other models (${diff})`);
}

function modelsDiffer(a: RunManifest, b: RunManifest): string | null {
  const names = (m: RunManifest) => m.models.map((x) => x.name).sort().join(', ');
  if (names(a) !== names(b)) return `models ${names(b)} vs ${names(a)}`;
  for (const m of a.models) {
    const diff = modelDifference(m, b.models.find((x) => x.name === m.name)!);
    if (diff) return `"${m.name}": ${diff}`;
  }
  return null;
}

/** Shards held by the merge; null when a piece holds every item. */
function mergedShards(manifests: RunManifest[]): ShardSet | null {
  const sets = manifests.map(shardSet);
  if (sets.some((s) => s === null)) return null;
  const included = [...new Set(sets.flatMap((s) => s!.included))].sort((x, y) => x - y);
  return { of: sets[0]!.of, included };
}

function unionPlans(manifests: RunManifest[]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const m of manifests) {
    for (const [model, tasks] of Object.entries(m.plan ?? {})) {
      for (const [task, keys] of Object.entries(tasks)) {
        const seen = ((out[model] ??= {})[task] ??= []);
        const have = new Set(seen);
        for (const k of keys) if (!have.has(k)) { seen.push(k); have.add(k); }
      }
    }
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
