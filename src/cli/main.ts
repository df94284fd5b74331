#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, reportError } from './errors.js';

/** The command table. Each verb imports its module only when it runs. */
async function main(argv: string[]): Promise<number> {
  const abort = new AbortController();
  let code: number = EXIT.ok;
  const verbose = argv.includes('--verbose');
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to quit now)…\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const cli = yargs(argv)
    .scriptName('heldout')
    .option('verbose', { type: 'boolean', describe: 'stack traces on errors' })
    .command('run <benchmark>', 'evaluate the benchmark\'s models on its tasks', (y) => y
      .positional('benchmark', { type: 'string', demandOption: true })
      .option('model', { type: 'string', array: true, describe: 'NAME=SOURCE: model folder, hub id, http(s):// server or predictions:FILE' })
      .option('shots', { type: 'string', array: true, describe: 'NAME=K: also run model NAME with K exemplars (as NAME-Kshot)' })
      .option('tasks', { type: 'string', array: true, describe: 'task id / category globs to run' })
      .option('limit', { type: 'string', describe: 'items per task (a whole number ≥ 1)' })
      .option('out', { type: 'string', describe: 'run directory (default reports/<benchmark name>)' })
      .option('shard', { type: 'string', describe: 'I/N: answer only shard I of N (1-based); join with heldout merge' })
      .option('cache', { type: 'boolean', default: true, describe: 'reuse answers from ~/.cache/heldout (--no-cache: ask again)' })
      .option('gate', { type: 'boolean', default: true, describe: "apply the benchmark's gate: after the run (--no-gate: skip it)" })
      .option('concurrency', { type: 'string', describe: 'parallel code runs / HTTP requests (≥ 1)' })
      .option('threads', { type: 'string', describe: 'onnxruntime intra-op threads, ≥ 1 (default: all cores)' })
      .option('allow-missing', { type: 'boolean', describe: 'predictions: sources: score items without a prediction as missing (wrong) instead of failing' })
      .option('max-batch-tokens', { type: 'string', describe: 'token budget of one forward of a local ONNX model (default 4096; bounds memory on large vocabularies)' })
      .option('format', { type: 'string', array: true, describe: 'report formats (default markdown csv json)' }),
    async (a) => {
      const { runCommand } = await import('./run.js');
      code = await runCommand({ ...a, benchmark: a.benchmark!, signal: abort.signal });
    })
    .command('score <task>', 'score answers made elsewhere against a task, without a model', (y) => y
      .positional('task', { type: 'string', demandOption: true })
      .option('predictions', { type: 'string', demandOption: true, describe: 'JSONL {id, prediction(s)}, HumanEval samples, or SQuAD {id: answer}' })
      .option('name', { type: 'string', describe: 'model name in the results (default predictions)' })
      .option('allow-missing', { type: 'boolean', describe: 'score items without a prediction as missing (wrong) instead of failing' })
      .option('out', { type: 'string' })
      .option('format', { type: 'string', array: true }),
    async (a) => {
      const { scoreCommand } = await import('./score.js');
      code = await scoreCommand({ task: a.task!, predictions: a.predictions, name: a.name, out: a.out, format: a.format, allowMissing: a.allowMissing });
    })
    .command('compare <results..>', 'pair result files (first = baseline) and write the reports', (y) => y
      .positional('results', { type: 'string', array: true, demandOption: true })
      .option('out', { type: 'string' })
      .option('format', { type: 'string', array: true })
      .option('knowledge-margin', { type: 'string', describe: 'claims: knowledge is retained when acc drops significantly less than this (fraction; default 0.01)' }),
    async (a) => {
      const { compareCommand } = await import('./compare.js');
      code = await compareCommand({ results: a.results as string[], out: a.out, format: a.format, knowledgeMargin: a.knowledgeMargin });
    })
    .command('gate <comparison>', 'judge a comparison against a release policy (exit 0 pass, 1 fail)', (y) => y
      .positional('comparison', { type: 'string', demandOption: true, describe: 'comparison.json of a run' })
      .option('policy', { type: 'string', demandOption: true, describe: 'gate policy YAML' })
      .option('out', { type: 'string', describe: "folder for junit.xml (default: the comparison's folder)" })
      .option('format', { type: 'string', array: true, describe: 'junit (default); github is added under GitHub Actions' })
      .option('allow-partial', { type: 'boolean', describe: 'judge a partial comparison (a shard, items one side lacks) instead of refusing it' }),
    async (a) => {
      const { gateCommand } = await import('./gate.js');
      code = await gateCommand({ comparison: a.comparison!, policy: a.policy, out: a.out, format: a.format, allowPartial: a.allowPartial });
    })
    .command('merge <dirs..>', 'join shard run directories into one run', (y) => y
      .positional('dirs', { type: 'string', array: true, demandOption: true })
      .option('out', { type: 'string', demandOption: true })
      .option('format', { type: 'string', array: true }),
    async (a) => {
      const { mergeCommand } = await import('./merge.js');
      code = await mergeCommand({ dirs: a.dirs as string[], out: a.out, format: a.format });
    })
    .command('view [dirs..]', 'browse every run under DIR (default reports/) in a local web page', (y) => y
      .positional('dirs', { type: 'string', array: true, describe: 'folders holding run directories' })
      .option('port', { type: 'number', describe: 'port on 127.0.0.1 (default: a free one)' })
      .option('build', { type: 'string', describe: 'write the pages as static files into this folder instead of serving them' }),
    async (a) => {
      const { viewCommand } = await import('./view.js');
      code = await viewCommand({ dirs: a.dirs as string[] | undefined, port: a.port, build: a.build, signal: abort.signal });
    })
    .command('tasks <action> [paths..]', 'list | validate | show <ID> | schema | overlap <training-data>', (y) => y
      .positional('action', { choices: ['list', 'validate', 'show', 'schema', 'overlap'] as const, demandOption: true })
      .positional('paths', { type: 'string', array: true })
      .option('json', { type: 'boolean', describe: 'machine-readable output' })
      .option('code', { type: 'boolean', default: true, describe: 'validate: run every code problem\'s reference against its tests (--no-code to skip)' }),
    async (a) => {
      const { tasksCommand } = await import('./tasks-command.js');
      code = await tasksCommand(a.action, (a.paths as string[] | undefined) ?? [], Boolean(a.json), a.code);
    })
    .command('models <action> <dir>', 'inspect <DIR>: what heldout sees in a model folder (layout, files, tokenizer, EOS, fingerprint)', (y) => y
      .positional('action', { choices: ['inspect'] as const, demandOption: true })
      .positional('dir', { type: 'string', demandOption: true, describe: 'model folder' })
      .option('dtype', { type: 'string', default: 'fp32', describe: 'which variant to describe: fp32 fp16 q8 int8 uint8 q4 q4f16 bnb4' })
      .option('json', { type: 'boolean', describe: 'machine-readable output' }),
    async (a) => {
      const { modelsCommand } = await import('./models.js');
      code = await modelsCommand({ action: a.action, dir: a.dir!, dtype: a.dtype, json: a.json });
    })
    .demandCommand(1, 'name a command: run, score, compare, gate, merge, tasks, view, models')
    .strict()
    .help()
    .fail((msg, err) => { throw err ?? new UsageError(msg); });
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n  fix: see heldout --help\n`);
      return EXIT.error;
    }
    return reportError(err, verbose);
  } finally {
    // once interrupted, a second Ctrl-C while the process winds down still quits with 130
    // (without a handler it would die of the signal itself, with no exit code)
    if (!abort.signal.aborted) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  }
  return code;
}

class UsageError extends Error {}

main(hideBin(process.argv)).then((code) => { process.exitCode = code; });
