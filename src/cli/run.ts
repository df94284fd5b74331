import path from 'node:path';
import { ConfigError } from '../errors.js';
import { writeReports } from '../report/index.js';
import { terminalTable } from '../report/terminal.js';
import { readSampleLog, sampleLogPath } from '../runner/sample-log.js';
import { runBenchmark } from '../runner/run-benchmark.js';
import { EXIT } from './errors.js';
import { progressPrinter } from './progress.js';

export interface RunArgs {
  benchmark: string;
  model?: string[];
  tasks?: string[];
  limit?: number;
  out?: string;
  threads?: number;
  format?: string[];
  signal?: AbortSignal;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const outcome = await runBenchmark({
    benchmark: args.benchmark,
    models: parsePairs(args.model ?? [], '--model NAME=SOURCE'),
    tasks: args.tasks,
    limit: args.limit,
    out: args.out,
    threads: args.threads,
    onProgress: progressPrinter(),
    onLog: (line) => process.stderr.write(`${line}\n`),
    signal: args.signal,
  });
  const files = await writeReports({
    outDir: outcome.outDir,
    results: outcome.results,
    comparison: outcome.comparison,
    samples: async (model, task) => [...(await readSampleLog(sampleLogPath(outcome.outDir, model, task))).values()],
  }, args.format);
  if (outcome.comparison) process.stdout.write(`${terminalTable(outcome.comparison)}\n`);
  const rel = (f: string) => { const r = path.relative(process.cwd(), f); return r && !r.startsWith('..') ? r : f; };
  process.stderr.write(`\nwrote ${rel(outcome.outDir)}/: ${files.map((f) => path.basename(f)).join(', ')}, results/, samples/\n`);
  return EXIT.ok;
}

export function parsePairs(pairs: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0) throw new ConfigError(`${flag}: "${p}" is not NAME=VALUE`, { hint: `write it as ${flag}` });
    out[p.slice(0, at)] = p.slice(at + 1);
  }
  return out;
}
