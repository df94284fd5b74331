import path from 'node:path';
import { benchmarkFileSchema } from '../config/benchmark-schema.js';
import { checkFormats, writeReports } from '../report/index.js';
import { runBenchmark } from '../runner/run-benchmark.js';
import { sampleReader } from '../runner/sample-log.js';
import { pct, interval } from '../report/format.js';
import { truncationLines } from '../report/truncation.js';
import { ConfigError } from '../errors.js';
import { PredictionsModel } from '../models/predictions.js';
import type { ParsedPredictions } from '../models/parse-predictions.js';
import { EXIT } from './errors.js';
import { checkOutDir } from './out-dir.js';
import { readYaml, validateYaml } from '../config/load-yaml.js';
import { taskFileSchema } from '../config/task-schema.js';

export interface ScoreArgs { task: string; predictions: string; name?: string; out?: string; format?: string[]; allowMissing?: boolean }

/** Score answers made elsewhere against one task, without a model. */
export async function scoreCommand(args: ScoreArgs): Promise<number> {
  const taskFile = path.resolve(args.task);
  const name = args.name ?? 'predictions';
  await checkOutDir(args.out ?? 'reports');
  checkFormats(args.format);
  // Answers made elsewhere come one per item, not one per template: score them once. Only the
  // task file is read here; its data is read once, by the run.
  const task = validateYaml(await readYaml(taskFile), taskFileSchema, 'task');
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new ConfigError(`--name "${name}": model names are letters, digits, ".", "_" or "-"`, { hint: 'e.g. --name my-model' });
  // HumanEval sample files hold n completions per problem: pass@k is computed over all of them.
  const n = task.code ? maxSamples((await PredictionsModel.load(name, args.predictions)).parsed) : 1;
  if (n > 1) process.stderr.write(`scoring up to ${n} samples per problem (pass@k uses each problem's samples)\n`);
  const spec = benchmarkFileSchema.parse({
    templates: [task.templates[0]!.id],
    name: `score-${path.basename(path.dirname(taskFile))}`.replace(/[^A-Za-z0-9_.-]/g, '_'),
    tasks: [path.basename(taskFile)],
    models: { [name]: { source: `predictions:${path.resolve(args.predictions)}` } },
    generation: { n },
  });
  const outcome = await runBenchmark({
    benchmark: { file: taskFile, dir: path.dirname(taskFile), spec },
    out: args.out ?? path.join('reports', spec.name),
    allowMissing: args.allowMissing,
    // The run logs each model's source first; for score that is the file the user just named.
    onLog: (line) => { if (!line.startsWith(`${name}: predictions:`)) process.stderr.write(`${line}\n`); },
  });
  await writeReports({
    outDir: outcome.outDir, results: outcome.results,
    samples: sampleReader(outcome.outDir),
  }, args.format ?? ['markdown', 'csv']);
  for (const line of truncationLines(outcome.results)) process.stderr.write(`${line}\n`);
  for (const task of outcome.results[0]!.tasks) {
    for (const [metric, v] of Object.entries(task.metrics)) {
      process.stdout.write(`${task.id}\t${metric}\t${pct(v.value)}\t${interval(v.ci)}\tn=${v.n}\n`);
    }
  }
  return EXIT.ok;
}

function maxSamples(parsed: ParsedPredictions): number {
  let most = 1;
  for (const list of parsed.entries.values()) for (const e of list) most = Math.max(most, e.texts.length);
  return most;
}
