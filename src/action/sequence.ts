/**
 * What the action's evaluate step runs, in order: `heldout run` (whole or one shard), or `heldout
 * merge` of the shards; then `heldout gate` when a policy applies. The exit code follows the gate.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ActionPlan } from './plan.js';

export interface HeldoutResult {
  /** The process's exit code (null when it was killed). */
  code: number | null;
  stderr: string;
}

/** Runs the heldout CLI with these arguments (the action passes the installed one; tests pass their own). */
export type RunHeldout = (args: string[]) => Promise<HeldoutResult>;

export interface SequenceOutcome {
  /** 0 passed (or no gate), 1 a gate rule failed, 2 bad input or a failed command. */
  exitCode: 0 | 1 | 2;
  calls: string[][];
  /** Set when a command failed (exit 2): which one, and the end of what it printed. */
  failure?: { command: string; message: string };
  gated: boolean;
}

const ANSI = /\u001b\[[0-9;]*m/g;

function tail(text: string, lines = 15): string {
  return text.replace(ANSI, '').trimEnd().split('\n').slice(-lines).join('\n');
}

/** A command that neither passed nor failed a gate: bad input, a crash, or an interruption. */
function failed(code: number | null): boolean {
  return code !== 0 && code !== 1;
}

/** The merge job's shard folders (download-artifact puts each artifact in a folder of its own). */
async function shardDirs(plan: ActionPlan): Promise<string[]> {
  const entries = await readdir(plan.shardsDir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(plan.shardsDir, e.name)).sort();
}

function runArgs(plan: ActionPlan): string[] {
  return [
    'run', plan.benchmarkFile, ...plan.models.flatMap((m) => ['--model', m]),
    ...(plan.shard ? ['--shard', `${plan.shard.index}/${plan.shard.count}`] : []),
    // The policy input replaces the benchmark's own gate: judging both would make two verdicts.
    ...(plan.policy && plan.mode === 'whole' ? ['--no-gate'] : []),
    ...plan.args, '--out', plan.outDir,
  ];
}

/** The policy the gate step judges: the policy input, else the benchmark's own gate section (merge only). */
function gatePolicy(plan: ActionPlan): string | null {
  if (plan.policy) return plan.policy;
  return plan.mode === 'merge' && plan.inlineGate ? plan.benchmarkFile : null;
}

export async function runSequence(plan: ActionPlan, heldout: RunHeldout): Promise<SequenceOutcome> {
  const calls: string[][] = [];
  const call = async (args: string[]) => { calls.push(args); return heldout(args); };
  const stop = (args: string[], r: HeldoutResult): SequenceOutcome => ({
    exitCode: 2, calls, gated: false, failure: { command: `heldout ${args.join(' ')}`, message: tail(r.stderr) || `exited with ${r.code}` },
  });
  let first: string[];
  if (plan.mode === 'merge') {
    const dirs = await shardDirs(plan);
    if (dirs.length !== plan.shards) {
      const message = `expected ${plan.shards} shard artifacts (${plan.shardPattern}) in ${plan.shardsDir}, found ${dirs.length}: did every shard job finish and upload its run directory?`;
      return { exitCode: 2, calls, gated: false, failure: { command: 'download the shards', message } };
    }
    first = ['merge', ...dirs, '--out', plan.outDir];
  } else {
    first = runArgs(plan);
  }
  const r = await call(first);
  if (failed(r.code)) return stop(first, r);
  const policy = plan.mode === 'shard' ? null : gatePolicy(plan);
  if (!policy) return { exitCode: r.code === 1 ? 1 : 0, calls, gated: plan.mode === 'whole' && plan.inlineGate };
  const gateArgs = ['gate', path.join(plan.outDir, 'comparison.json'), '--policy', policy];
  const g = await call(gateArgs);
  if (failed(g.code)) return stop(gateArgs, g);
  return { exitCode: g.code === 1 ? 1 : 0, calls, gated: true };
}
