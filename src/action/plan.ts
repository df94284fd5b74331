/**
 * The GitHub action's inputs, checked, and what they ask for: evaluate the whole benchmark, one shard
 * of it, or merge the shards and gate. The action passes its inputs as HELDOUT_ACTION_* variables.
 */
import path from 'node:path';
import { loadBenchmark } from '../runner/load-benchmark.js';
import { ConfigError } from '../errors.js';

export type Mode = 'whole' | 'shard' | 'merge';

export interface ActionPlan {
  mode: Mode;
  benchmarkFile: string;
  benchmarkName: string;
  /** Whether the benchmark file has its own `gate:` section. */
  inlineGate: boolean;
  /** `--model NAME=SOURCE` values. */
  models: string[];
  policy: string | null;
  shard: { index: number; count: number } | null;
  shards: number | null;
  /** Extra `heldout run` arguments. */
  args: string[];
  /** The run directory this job writes (relative paths are to the workspace). */
  outDir: string;
  /** Where the merge job finds the shards' artifacts (one folder each). */
  shardsDir: string;
  artifact: string;
  shardPattern: string;
  cache: boolean;
  comment: boolean;
}

type Env = Record<string, string | undefined>;

function input(env: Env, name: string): string {
  return (env[`HELDOUT_ACTION_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const v = input(env, name).toLowerCase();
  if (v === '') return fallback;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ConfigError(`action input ${name}: "${v}" is not true or false`, { hint: `write ${name}: true or ${name}: false` });
}

/** `models:` lines, each NAME=SOURCE; blank lines and # comments are skipped. */
export function parseModels(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  return lines.flatMap((line, i) => {
    if (!line || line.startsWith('#')) return [];
    if (!/^[A-Za-z0-9_.-]+=\S/.test(line)) {
      throw new ConfigError(`action input models, line ${i + 1}: "${line}" is not NAME=SOURCE`, {
        hint: 'one model a line, e.g. tuned=./exports/tuned (a folder, a hub id, http(s)://… or predictions:FILE)',
      });
    }
    return [line];
  });
}

function wholeNumber(text: string, name: string): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`action input ${name}: "${text}" is not a whole number ≥ 1`, { hint: `e.g. ${name}: 4` });
  return n;
}

function shardOf(shardText: string, shardsText: string): { shard: ActionPlan['shard']; shards: number | null } {
  const shards = wholeNumber(shardsText, 'shards');
  const index = wholeNumber(shardText, 'shard');
  if (index !== null && shards === null) throw new ConfigError('action input shard needs shards (how many there are)', { hint: 'e.g. shard: ${{ matrix.shard }} and shards: 4' });
  if (index !== null && shards !== null && index > shards) throw new ConfigError(`action input shard: ${index} is more than shards: ${shards}`, { hint: 'shards count from 1 to shards' });
  return { shard: index !== null && shards !== null ? { index, count: shards } : null, shards };
}

/** Split extra run arguments on white space (no quoting: pass one argument per word). */
export function splitArgs(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The plan for this job from the action's inputs and the GitHub environment. */
export async function planAction(env: Env): Promise<ActionPlan> {
  const benchmarkFile = input(env, 'benchmark');
  if (!benchmarkFile) throw new ConfigError('action input benchmark is empty', { hint: 'e.g. benchmark: benchmarks/heldout.yaml' });
  const bench = await loadBenchmark(benchmarkFile);
  const { shard, shards } = shardOf(input(env, 'shard'), input(env, 'shards'));
  const mode: Mode = shard ? 'shard' : shards ? 'merge' : 'whole';
  const name = bench.spec.name;
  const outDir = input(env, 'out') || (shard ? `heldout-${name}-shard-${shard.index}` : `heldout-${name}`);
  const event = env.GITHUB_EVENT_NAME ?? '';
  return {
    mode, benchmarkFile, benchmarkName: name, inlineGate: Boolean(bench.spec.gate),
    models: parseModels(input(env, 'models')), policy: input(env, 'policy') || null, shard, shards,
    args: splitArgs(input(env, 'args')), outDir,
    shardsDir: path.join(env.RUNNER_TEMP ?? '.', `heldout-${name}-shards`),
    artifact: shard ? `heldout-${name}-shard-${shard.index}` : `heldout-${name}`,
    shardPattern: `heldout-${name}-shard-*`,
    cache: flag(env, 'cache', true) && mode !== 'merge',
    comment: flag(env, 'comment', true) && mode !== 'shard' && event.startsWith('pull_request'),
  };
}
