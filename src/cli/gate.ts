import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { ConfigError } from '../errors.js';
import { evaluateGate } from '../gate/evaluate.js';
import { loadPolicy } from '../gate/load-policy.js';
import { readComparisonFile } from '../gate/read-files.js';
import { renderGateTable } from '../gate/table.js';
import type { GateVerdict } from '../gate/types.js';
import { gateJsonWriter } from '../report/gate-json.js';
import { githubWriter } from '../report/github.js';
import { junitWriter } from '../report/junit.js';
import type { ReportContext, ReportWriter } from '../report/types.js';
import { EXIT } from './errors.js';

export interface GateArgs {
  comparison: string;
  policy: string;
  /** Where junit.xml goes (default: the comparison's folder). */
  out?: string;
  /** Gate reports: junit (default) and github (added by itself under GitHub Actions). */
  format?: string[];
  /** Judge a partial comparison (a shard, items one side lacks) instead of refusing it. */
  allowPartial?: boolean;
}

const GATE_WRITERS: Record<string, ReportWriter> = { junit: junitWriter, github: githubWriter };

/** `heldout gate <comparison.json> --policy FILE`: 0 when every rule holds, 1 when one fails, 2 on bad input. */
export async function gateCommand(args: GateArgs): Promise<number> {
  const writers = gateWriters(args.format, process.env);
  const comparisonFile = path.resolve(args.comparison);
  const comparison = await readComparisonFile(comparisonFile);
  const policy = await loadPolicy(args.policy);
  const comparisonDir = path.dirname(comparisonFile);
  const verdict = await evaluateGate(policy, comparison, { comparisonDir, allowPartial: args.allowPartial });
  process.stdout.write(`${renderGateTable(verdict)}\n`);
  const outDir = path.resolve(args.out ?? comparisonDir);
  // The gate never fails for want of a place to write: a read-only run folder is judged all the same.
  const usable = args.out || (await canWrite(outDir)) ? writers : writers.filter((w) => w.name !== 'junit' && w.name !== 'gate-json');
  if (usable.length < writers.length) process.stderr.write(`junit.xml and gate.json not written: ${displayPath(outDir)} is read-only; pass --out DIR to write the gate's reports elsewhere\n`);
  const written = await writeGateReports(verdict, comparison, outDir, usable);
  if (written.length) process.stderr.write(`wrote ${written.map(displayPath).join(', ')}\n`);
  return verdict.passed ? EXIT.ok : EXIT.gateFailed;
}

/** The gate's reports for a verdict: also what `heldout run` uses after applying a benchmark's `gate:`. */
export async function writeGateReports(
  gate: GateVerdict, comparison: ReportContext['comparison'], outDir: string, writers: ReportWriter[],
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const ctx: ReportContext = { outDir, results: [], comparison, samples: async () => [], gate };
  const written: string[] = [];
  for (const writer of writers) written.push(...(await writer.write(ctx)));
  return written;
}

async function canWrite(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** junit by default; github joins under GitHub Actions (GITHUB_ACTIONS=true). */
export function gateWriters(formats: string[] | undefined, env: Record<string, string | undefined>): ReportWriter[] {
  const names = new Set(formats?.length ? formats : ['junit']);
  if (env.GITHUB_ACTIONS === 'true') names.add('github');
  // gate.json always: what heldout view and the GitHub action read.
  return [gateJsonWriter, ...[...names].map((name) => {
    const writer = GATE_WRITERS[name];
    if (!writer) {
      throw new ConfigError(`heldout gate cannot write format "${name}"`, {
        hint: `use ${Object.keys(GATE_WRITERS).join(' or ')}; the other reports come from heldout run and heldout compare`,
      });
    }
    return writer;
  })];
}
