import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';
import type { Category, MetricSpec, Task } from '../tasks/types.js';
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

/** `run.json`: what a run directory holds, so resume and merge can refuse to mix different runs. */
export interface RunManifest {
  version: 1;
  benchmark: string;
  seed: number;
  iterations: number;
  settings: Record<string, unknown>;
  shard: Shard | null;
  compare: { baseline: string; candidate: string } | null;
  models: ModelIdentity[];
  tasks: TaskManifest[];
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
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunManifest;
  } catch (cause) {
    throw new RunError(`${file} is not valid JSON`, { file, hint: 'remove the run directory or pass another --out', cause });
  }
}

export async function writeManifest(outDir: string, manifest: RunManifest): Promise<void> {
  await writeFile(manifestPath(outDir), JSON.stringify(manifest, null, 2) + '\n');
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
