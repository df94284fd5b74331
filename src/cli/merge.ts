import { displayPath } from '../config/load-yaml.js';
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
  const missing = merged.missingShards;
  if (missing.length) process.stderr.write(`warning: shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not given; the merged run is partial\n`);
  process.stderr.write(`merged ${args.dirs.length} run${args.dirs.length === 1 ? '' : 's'} into ${displayPath(merged.outDir)}/\n`);
  return EXIT.ok;
}
