/**
 * Child process of the memory row (f): one cold runBenchmark of the QA + summarization suites
 * (`LIMIT` items each) on one model, then its peak RSS, wall time and generated tokens as JSON.
 * usage: node --import tsx benchmarks/speed/memory-child.ts MODEL_DIR LIMIT WORK_DIR THREADS
 * LIMIT 0 only opens the model (tokenizer and sessions) and reports that peak: what the model costs
 * before any request, to tell the run's own memory from the vocabulary's fixed costs.
 * It only uses runBenchmark's options and the sample logs, so the same file also measures an
 * older checkout of heldout (copy it into that checkout's benchmarks/speed/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { loadModel } from '../../src/models/load-model.js';
import { runBenchmark } from '../../src/runner/run-benchmark.js';

const [modelDir, limit, workDir, threads] = process.argv.slice(2);
if (!modelDir || !limit || !workDir || !threads) throw new Error('usage: memory-child.ts MODEL_DIR LIMIT WORK_DIR THREADS');
process.env['HELDOUT_CACHE_DIR'] = path.join(workDir, 'cache');
const root = path.resolve(import.meta.dirname, '..', '..');
await mkdir(workDir, { recursive: true });
if (limit === '0') {
  const start = performance.now();
  const model = await loadModel('base', { source: path.resolve(modelDir), format: 'plain' } as Parameters<typeof loadModel>[1], { baseDir: root, threads: Number(threads) });
  const maxRssKb = process.resourceUsage().maxRSS;
  await model.dispose();
  process.stdout.write(JSON.stringify({ units: 0, maxRssKb, wallMs: performance.now() - start, generatedTokens: 0 }) + '\n');
  process.exit(0);
}
const bench = path.join(workDir, 'memory.yaml');
await writeFile(bench, [
  'name: memory',
  `tasks: [${JSON.stringify(path.join(root, 'tasks/qa/*/task.yaml'))}, ${JSON.stringify(path.join(root, 'tasks/summarization/*/task.yaml'))}]`,
  'models:',
  `  base: { source: ${JSON.stringify(path.resolve(modelDir))}, format: plain }`,
  'seed: 1234',
  'generation: { batch_size: 16 }',
  '',
].join('\n'));
const start = performance.now();
const outcome = await runBenchmark({ benchmark: bench, out: path.join(workDir, 'out'), limit: Number(limit), cache: false, threads: Number(threads) });
const wallMs = performance.now() - start;
const maxRssKb = process.resourceUsage().maxRSS;
const units = outcome.tasks.reduce((n, t) => n + t.samples.length * t.templates.length, 0);
process.stdout.write(JSON.stringify({ units, maxRssKb, wallMs, generatedTokens: await generatedTokens(path.join(workDir, 'out', 'samples', 'base'), modelDir) }) + '\n');

/** Tokens of every generation in the sample logs (after the run: not timed). */
async function generatedTokens(dir: string, model: string): Promise<number> {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(path.resolve(model)) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(model), { local_files_only: true });
  let n = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      for (const g of (JSON.parse(line) as { generations?: string[] }).generations ?? []) n += g ? tokenizer.encode(g, { add_special_tokens: false }).length : 0;
    }
  }
  return n;
}
