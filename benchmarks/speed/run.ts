/**
 * `npm run bench [-- --quick] [--large] [--model DIR]`: heldout's speed as ratios measured in one
 * run, on one model and the same items. See benchmarks/speed/README.md for what each line means.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rm } from 'node:fs/promises';
import { measureCacheRun } from './cache-run.js';
import { fixedLengthView } from './fixed-length.js';
import { measureGeneration } from './generation.js';
import { measureMemory } from './memory.js';
import { measurePrefix } from './prefix.js';
import { BenchSetupError, runPython } from './python.js';
import { formatLine, meetsGoal, type RatioLine } from './measure.js';
import { choiceItems, generationPrompts } from './prompts.js';
import { measureRss } from './rss.js';
import { measureScoring } from './scoring.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LARGE_DIR = path.join(import.meta.dirname, 'work', 'large-random');

interface Plan { rounds: number; prompts: number; maxNewTokens: number; batchSize: number; pipelineItems: number; choiceItems: number; cacheLimit: number; rssLimit: number; memoryLimit: number; prefixLimit: number }

const PLANS: Record<'quick' | 'full', Plan> = {
  quick: { rounds: 3, prompts: 16, maxNewTokens: 16, batchSize: 8, pipelineItems: 8, choiceItems: 12, cacheLimit: 2, rssLimit: 1, memoryLimit: 2, prefixLimit: 2 },
  full: { rounds: 7, prompts: 32, maxNewTokens: 32, batchSize: 8, pipelineItems: 16, choiceItems: 48, cacheLimit: 6, rssLimit: 5, memoryLimit: 8, prefixLimit: 6 },
};

function parse() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      large: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      batch: { type: 'string' },
      threads: { type: 'string', default: '2' },
      against: { type: 'string' },
    },
  });
  if (values.large && values.model) throw new Error('pass --model DIR or --large, not both');
  return values;
}

function modelFor(args: ReturnType<typeof parse>): string {
  if (!args.large) return path.resolve(args.model ?? path.join(ROOT, 'models', 'tiny-base'));
  const tokenizer = (dir: string) => (existsSync(path.join(dir, 'tokenizer.json')) ? readFileSync(path.join(dir, 'tokenizer.json'), 'utf8') : null);
  // built on first use, and again when the shipped tokenizer changed
  if (!existsSync(path.join(LARGE_DIR, 'onnx', 'model.onnx')) || tokenizer(LARGE_DIR) !== tokenizer(path.join(ROOT, 'models', 'tiny-base'))) {
    process.stderr.write(`building the 6×384 random-init model into ${path.relative(ROOT, LARGE_DIR)} …\n`);
    runPython(path.join(import.meta.dirname, 'build-large-model.py'), ['--out', LARGE_DIR]);
  }
  return LARGE_DIR;
}

async function main(): Promise<void> {
  const args = parse();
  const plan = { ...PLANS[args.quick ? 'quick' : 'full'] };
  if (args.batch) plan.batchSize = Number(args.batch);
  const modelDir = modelFor(args);
  const THREADS = Number(args.threads);
  const only = new Set((args.only ?? 'a,b,c,d,e,f,g').split(','));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`model: ${path.relative(ROOT, modelDir) || modelDir}${args.large ? ' (6 layers × 384, random init)' : ''}; ${args.quick ? 'quick' : 'full'} pass; ${THREADS} threads; best of ${plan.rounds}, interleaved`);
  const lines: RatioLine[] = [];
  const emit = (l: RatioLine) => { lines.push(l); process.stdout.write(formatLine(l) + '\n'); };
  if (only.has('a') || only.has('b')) {
    log('measuring generation (a, b) …');
    const prompts = await generationPrompts(plan.prompts);
    const view = await fixedLengthView(modelDir);
    try {
      for (const l of await measureGeneration({ modelDir: view, threads: THREADS, ...plan, prompts })) emit(l);
    } finally {
      await rm(path.dirname(view), { recursive: true, force: true });
    }
  }
  if (only.has('c')) {
    log('measuring choice scoring (c) …');
    emit(await measureScoring({ modelDir, threads: THREADS, items: await choiceItems(plan.choiceItems), rounds: plan.rounds }));
  }
  if (only.has('g')) {
    log('measuring shared-prefix reads on k-shot prompts (g) …');
    for (const l of await measurePrefix({ modelDir, threads: THREADS, shots: 3, limit: plan.prefixLimit, rounds: plan.rounds, maxNewTokens: 16 })) emit(l);
  }
  if (only.has('d')) {
    log('measuring the answer cache (d) …');
    emit(await measureCacheRun({ modelDir, threads: THREADS, limit: plan.cacheLimit, rounds: Math.min(2, plan.rounds) }));
  }
  if (only.has('e')) {
    log('measuring peak RSS (e) …');
    emit(await measureRss({ modelDir, threads: THREADS, limit: plan.rssLimit }));
  }
  if (only.has('f')) {
    log('measuring peak RSS on a 151,669-token vocabulary (f) …');
    const shape = args.large ? { layers: 6, dim: 384, heads: 6 } : { layers: 3, dim: 128, heads: 4 };
    for (const l of await measureMemory({ threads: THREADS, limit: plan.memoryLimit, ...shape, against: args.against })) emit(l);
  }
  const missed = lines.filter((l) => !meetsGoal(l)).length;
  process.stdout.write(`model: ${modelDir}; ${lines.length - missed}/${lines.length} goals met\n`);
}

try {
  await main();
} catch (e) {
  if (!(e instanceof BenchSetupError)) throw e;
  process.stderr.write(`npm run bench: ${e.message}\n`);
  process.exitCode = 2;
}
