import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Category, MetricSpec, Task } from '../tasks/types.js';
import type { LogRepair } from './log-repair.js';
import type { ModelIdentity } from './result-types.js';
import { effectiveMetrics } from './score-unit.js';

/** What results need from a task: enough to rebuild them from sample logs without the task files. */
export interface TaskManifest {
  id: string;
  category: Category;
  family: string;
  templates: string[];
  items: string[];
  metrics: MetricSpec[];
}

export interface Shard { index: number; count: number }

/** Which shards of an `of`-way split a run directory holds (a shard's run, or a merge of shards). */
export interface ShardSet { of: number; included: number[] }

/** `run.json`: what a run directory holds, so resume and merge can refuse to mix different runs. */
export interface RunManifest {
  version: 1;
  benchmark: string;
  seed: number;
  iterations: number;
  settings: Record<string, unknown>;
  shard: Shard | null;
  compare: { baseline: string; candidate: string; knowledge_margin?: number } | null;
  models: ModelIdentity[];
  tasks: TaskManifest[];
  /**
   * Request keys the run planned, per model and task (only its shard's, when sharded). Results are
   * built only from records whose key is listed here, so a record of another model, prompt or
   * setting never counts, whatever it sits next to. Written before the first record is appended.
   * Absent in run directories written before this field existed.
   */
  plan?: Record<string, Record<string, string[]>>;
  /** A merge of shards: which shards it holds (absent for an unsharded run or a shard's own run). */
  shards?: ShardSet;
  /** Logs whose unreadable lines runs into this directory moved to `<task>.corrupt.jsonl`. */
  repairs?: LogRepair[];
  /**
   * When a run (or merge) into this directory last finished, ISO 8601 UTC: what `heldout view`
   * dates a release by (a copied or downloaded directory keeps it; file times do not). Absent in
   * directories written before this field existed, and while the first run is under way.
   */
  finished?: string;
}

/** The shards a run directory holds; null when it holds every item (an unsharded run). */
export function shardSet(m: Pick<RunManifest, 'shard' | 'shards'>): ShardSet | null {
  if (m.shard) return { of: m.shard.count, included: [m.shard.index] };
  return m.shards ?? null;
}

/** The planned keys of a model's task, for readers that show a run's records (undefined: no plan to filter by). */
export function plannedKeys(m: Pick<RunManifest, 'plan'> | null): (model: string, task: string) => Set<string> | undefined {
  const sets = new Map<string, Set<string>>();
  return (model, task) => {
    const keys = m?.plan?.[model]?.[task];
    if (!keys) return undefined;
    let set = sets.get(`${model}\0${task}`);
    if (!set) sets.set(`${model}\0${task}`, (set = new Set(keys)));
    return set;
  };
}

export function taskManifest(task: Task, templates?: string[]): TaskManifest {
  return {
    id: task.id, category: task.category, family: task.family,
    templates: task.templates.map((t) => t.id).filter((id) => !templates || templates.includes(id)),
    items: task.samples.map((s) => s.id),
    metrics: effectiveMetrics(task),
  };
}

export function manifestPath(outDir: string): string {
  return path.join(outDir, 'run.json');
}

export async function readManifest(outDir: string): Promise<RunManifest | null> {
  const file = manifestPath(outDir);
  if (!existsSync(file)) return null;
  let m: Partial<RunManifest> | null;
  try {
    m = JSON.parse(await readFile(file, 'utf8')) as Partial<RunManifest> | null;
  } catch (cause) {
    throw new RunError(`${file} is not valid JSON`, { file, hint: 'remove the run directory or pass another --out', cause });
  }
  if (m?.version !== 1 || typeof m.benchmark !== 'string' || !Array.isArray(m.models) || !Array.isArray(m.tasks)) {
    throw new RunError(`${file} is not a heldout run manifest (version 1)`, { file, hint: 'remove the run directory or pass another --out' });
  }
  return m as RunManifest;
}

export async function writeManifest(outDir: string, manifest: RunManifest): Promise<void> {
  await writeFileAtomic(manifestPath(outDir), JSON.stringify(manifest, null, 2) + '\n');
}

/** The parts of two manifests that must agree for their answers to belong to one run. */
export function manifestKey(m: RunManifest): string {
  return JSON.stringify({ b: m.benchmark, s: m.seed, set: m.settings, t: m.tasks });
}

/** 1-based `I/N` → {index, count}. */
export function parseShard(text: string): Shard {
  const m = text.match(/^(\d+)\/(\d+)$/);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RunError(`--shard ${text} is not I/N with 1 ≤ I ≤ N`, { hint: 'shards count from 1: --shard 1/4 … --shard 4/4' });
  }
  return { index, count };
}

/**
 * Shards split by (task, item): every model answers the same items in a shard, and an item's
 * templates stay together, so each shard's results are complete for the items it holds.
 */
export function inShard(shard: Shard | null, task: string, item: string): boolean {
  if (!shard || shard.count === 1) return true;
  let h = 2166136261;
  for (const ch of `${task}\0${item}`) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h % shard.count === shard.index - 1;
}
