import path from 'node:path';
import { writeReports } from '../report/index.js';
import { terminalTable } from '../report/terminal.js';
import { describeRepair } from '../runner/log-repair.js';
import { mergeRuns } from '../runner/merge.js';
import { plannedKeys } from '../runner/manifest.js';
import { sampleReader } from '../runner/sample-log.js';
import { EXIT } from './errors.js';

export async function mergeCommand(args: { dirs: string[]; out: string; format?: string[] }): Promise<number> {
  const merged = await mergeRuns(args.dirs, args.out);
  for (const r of merged.repairs) process.stderr.write(`repaired ${describeRepair(r)}\n`);
  await writeReports({
    outDir: merged.outDir, results: merged.results, comparison: merged.comparison,
    samples: sampleReader(merged.outDir, plannedKeys(merged.manifest)),
  }, args.format);
  if (merged.comparison) process.stdout.write(`${terminalTable(merged.comparison)}\n`);
  if (merged.missingShards.length) process.stderr.write(`warning: shards ${merged.missingShards.join(', ')} were not given; the merged run is partial\n`);
  process.stderr.write(`merged ${args.dirs.length} runs into ${path.relative(process.cwd(), merged.outDir) || merged.outDir}/\n`);
  return EXIT.ok;
}
