import path from 'node:path';
import { ConfigError, HeldoutError } from '../errors.js';
import { evaluateGate } from '../gate/evaluate.js';
import { loadBenchmarkGate } from '../gate/load-policy.js';
import { renderGateTable } from '../gate/table.js';
import { checkFormats, DEFAULT_FORMATS, writeReports } from '../report/index.js';
import { terminalTable } from '../report/terminal.js';
import { truncationLines } from '../report/truncation.js';
import { describeRepair } from '../runner/log-repair.js';
import { parseShard, plannedKeys } from '../runner/manifest.js';
import { runBenchmark, type RunOutcome } from '../runner/run-benchmark.js';
import { sampleReader } from '../runner/sample-log.js';
import { EXIT } from './errors.js';
import { wholeNumberFlag } from './flags.js';
import { checkOutDir } from './out-dir.js';
import { progressPrinter } from './progress.js';
import type { GatePolicy, GateVerdict } from '../gate/index.js';

export interface RunArgs {
  benchmark: string;
  model?: string[];
  shots?: string[];
  tasks?: string[];
  /** As typed: checked here (a whole number ≥ 1). */
  limit?: number | string;
  out?: string;
  shard?: string;
  cache?: boolean;
  concurrency?: number | string;
  threads?: number | string;
  allowMissing?: boolean;
  maxBatchTokens?: number | string;
  format?: string[];
  /** false = --no-gate: skip the benchmark's inline gate (e.g. one written for another model pair). */
  gate?: boolean;
  signal?: AbortSignal;
}

export async function runCommand(args: RunArgs): Promise<number> {
  // Flags are checked before anything is read or run.
  const limit = wholeNumberFlag('limit', args.limit, 1, '20');
  const concurrency = wholeNumberFlag('concurrency', args.concurrency, 1, '4');
  const threads = wholeNumberFlag('threads', args.threads, 1, '2');
  const maxBatchTokens = wholeNumberFlag('max-batch-tokens', args.maxBatchTokens, 1, '2048 (default 4096)');
  const shard = args.shard ? parseShard(args.shard) : undefined;
  const shots = Object.fromEntries(Object.entries(parsePairs(args.shots ?? [], '--shots NAME=K')).map(([k, v]) => [k, wholeNumberFlag(`shots ${k}`, v, 0, '3', '=')!]));
  await checkOutDir(args.out ?? 'reports');
  checkFormats(args.format);
  // Policy errors show before a long run, not after it.
  const policy = args.gate === false ? undefined : await loadBenchmarkGate(args.benchmark);
  const progress = progressPrinter();
  const outcome = await runBenchmark({
    benchmark: args.benchmark,
    models: parsePairs(args.model ?? [], '--model NAME=SOURCE'),
    shots,
    tasks: args.tasks,
    limit,
    out: args.out,
    shard,
    cache: args.cache,
    concurrency,
    threads,
    allowMissing: args.allowMissing,
    maxBatchTokens,
    onProgress: progress.update,
    onLog: (line) => progress.log(line),
    signal: args.signal,
  });
  progress.stop();
  for (const r of outcome.repairs) process.stderr.write(`repaired ${describeRepair(r)}\n`);
  for (const line of seenFamilyWarnings(outcome)) process.stderr.write(`${line}\n`);
  const { gate, problem } = policy ? await judgeGate(policy, outcome, args.benchmark) : {};
  // The run's reports are written whatever the gate found: a problem with the policy exits 2 after them.
  await report(outcome, args.format, gate);
  if (problem) throw problem;
  if (gate) process.stdout.write(`\n${renderGateTable(gate)}\n`);
  return gate && !gate.passed ? EXIT.gateFailed : EXIT.ok;
}

/** The benchmark's gate on the finished run; a problem (bad rule, no comparison) is returned, not thrown. */
async function judgeGate(policy: GatePolicy, outcome: RunOutcome, benchmark: string): Promise<{ gate?: GateVerdict; problem?: Error }> {
  if (!outcome.comparison) {
    return { problem: new ConfigError(`${benchmark}: gate: needs compare: {baseline, candidate}`, { hint: 'name the pair under compare:' }) };
  }
  const shard = outcome.manifest.shard;
  if (shard) {
    process.stderr.write(`gate not applied: shard ${shard.index}/${shard.count} holds part of the items; join the shards with heldout merge, then heldout gate\n`);
    return {};
  }
  try {
    return { gate: await evaluateGate(policy, outcome.comparison, { comparisonDir: outcome.outDir, policyDir: outcome.bench.dir, iterations: outcome.bench.spec.bootstrap_iterations }) };
  } catch (err) {
    if (err instanceof HeldoutError) return { problem: err };
    throw err;
  }
}

async function report(outcome: RunOutcome, format: string[] | undefined, gate: GateVerdict | undefined): Promise<void> {
  const formats = [...(format ?? DEFAULT_FORMATS)];
  if (gate) for (const f of ['junit', ...(process.env['GITHUB_ACTIONS'] === 'true' ? ['github'] : [])]) if (!formats.includes(f)) formats.push(f);
  const files = await writeReports({
    outDir: outcome.outDir,
    results: outcome.results,
    comparison: outcome.comparison,
    gate,
    samples: sampleReader(outcome.outDir, plannedKeys(outcome.manifest)),
  }, formats);
  if (outcome.comparison) process.stdout.write(`${terminalTable(outcome.comparison)}\n`);
  for (const line of truncationLines(outcome.results)) process.stderr.write(`${line}\n`);
  if (outcome.manifest.shard) process.stderr.write(`shard ${outcome.manifest.shard.index}/${outcome.manifest.shard.count}: partial results; join shards with heldout merge\n`);
  const rel = (f: string) => { const r = path.relative(process.cwd(), f); return r && !r.startsWith('..') ? r : f; };
  process.stderr.write(`\nwrote ${rel(outcome.outDir)}/: ${files.map((f) => path.basename(f)).join(', ')}, results/, samples/\n`);
}

export function parsePairs(pairs: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0 || at === p.length - 1) throw new ConfigError(`${flag}: "${p}" is not NAME=VALUE`, { hint: `write it as ${flag}` });
    if (p.slice(0, at) in out) throw new ConfigError(`${flag}: "${p.slice(0, at)}" is given twice`, { hint: 'name each model once' });
    out[p.slice(0, at)] = p.slice(at + 1);
  }
  return out;
}

/** A task in a family the model was trained on does not measure generalization: say so. */
function seenFamilyWarnings(outcome: RunOutcome): string[] {
  const lines: string[] = [];
  for (const r of outcome.results) {
    const seen = r.tasks.filter((t) => !t.heldOut);
    if (seen.length) lines.push(`note: for ${r.model.name}, ${seen.map((t) => `${t.id} (${t.family})`).join(', ')} ${seen.length > 1 ? 'are' : 'is'} in families it was trained on: reported as seen, not held out`);
  }
  return [...lines, ...unclosedThinkingWarnings(outcome)];
}

/** Replies cut off inside their reasoning section score as empty answers: say how many, and the fix. */
export function unclosedThinkingWarnings(outcome: Pick<RunOutcome, 'results'>): string[] {
  return outcome.results.flatMap((r) => {
    const cut = r.tasks.filter((t) => (t.unclosedThinking ?? 0) > 0);
    if (cut.length === 0) return [];
    const n = cut.reduce((k, t) => k + t.unclosedThinking!, 0);
    return [`warning: ${r.model.name}: ${n} answer${n === 1 ? '' : 's'} (${cut.map((t) => `${t.id} ${t.unclosedThinking}`).join(', ')}) ended inside the reasoning section before the token limit and ${n === 1 ? 'was' : 'were'} scored as empty; `
      + 'raise generation.max_new_tokens, or turn reasoning off (chat_template_kwargs: {enable_thinking: false}); the raw replies are in the sample logs'];
  });
}
