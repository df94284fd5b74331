import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { runBenchmark } from '../../src/runner/run-benchmark.js';
import type { Task } from '../../src/tasks/types.js';
import { writeSpeedBenchmark } from './bench-file.js';
import { timeMs, type RatioLine } from './measure.js';

export interface CacheRunOptions {
  modelDir: string;
  threads: number;
  limit: number;
  rounds: number;
}

/**
 * (d) The same benchmark twice through runBenchmark: cold (empty answer cache) then warm (same
 * HELDOUT_CACHE_DIR, fresh out dir). Each round uses a new cache dir; the best of each kept.
 */
export async function measureCacheRun(opts: CacheRunOptions): Promise<RatioLine> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'heldout-speed-cache-'));
  const bench = await writeSpeedBenchmark(root, opts.modelDir, 16);
  const loads = countLoads();
  const savedEnv = process.env['HELDOUT_CACHE_DIR'];
  const best = { cold: Infinity, warm: Infinity, coldNoCode: Infinity, warmNoCode: Infinity };
  let warmLoads = 0;
  const warmMisses: string[] = [];
  let measured: Task[] = [];
  try {
    for (let r = 0; r < opts.rounds; r++) {
      const pair = async (tag: string, tasks: string[] | undefined) => {
        process.env['HELDOUT_CACHE_DIR'] = path.join(root, `cache-${r}-${tag}`);
        const run = (kind: string) => runBenchmark({ benchmark: bench, out: path.join(root, `out-${r}-${tag}-${kind}`), limit: opts.limit, tasks, cache: true, threads: opts.threads });
        let ran: Task[] = [];
        const cold = await timeMs(async () => { ran = (await run('cold')).tasks; });
        const before = loads.count;
        loads.misses.clear();
        const warm = await timeMs(() => run('warm'));
        warmLoads += loads.count - before;
        if (loads.count > before) warmMisses.push(...loads.misses);
        return { cold, warm, tasks: ran };
      };
      const all = await pair('all', undefined);
      measured = all.tasks;
      // the same without the code task: generated programs are run again on every warm run
      const nc = await pair('nocode', all.tasks.filter((t) => !t.code).map((t) => t.id));
      best.cold = Math.min(best.cold, all.cold);
      best.warm = Math.min(best.warm, all.warm);
      best.coldNoCode = Math.min(best.coldNoCode, nc.cold);
      best.warmNoCode = Math.min(best.warmNoCode, nc.warm);
    }
  } finally {
    loads.restore();
    if (savedEnv === undefined) delete process.env['HELDOUT_CACHE_DIR'];
    else process.env['HELDOUT_CACHE_DIR'] = savedEnv;
    await rm(root, { recursive: true, force: true });
  }
  return {
    label: `(d) runBenchmark cold ÷ warm answer cache (model loads in warm runs: ${warmLoads}${warmMisses.length ? `; missed: ${warmMisses.slice(0, 4).join(', ')}` : ''})`,
    ratio: best.cold / best.warm,
    goal: { op: '>=', value: 50 },
    detail: `${measured.length} toy tasks, ${opts.limit} items each, ${measured.reduce((n, t) => n + t.samples.length * t.templates.length, 0)} units, best of ${opts.rounds}; cold ${best.cold.toFixed(0)} ms, warm ${best.warm.toFixed(0)} ms; `
      + `without the code task: ${(best.coldNoCode / best.warmNoCode).toFixed(0)}× (cold ${best.coldNoCode.toFixed(0)} ms, warm ${best.warmNoCode.toFixed(0)} ms)`,
  };
}

/** Count OnnxModel.load calls (a warm run should make none) and name the requests that missed the cache. */
function countLoads(): { count: number; misses: Set<string>; restore(): void } {
  const original = OnnxModel.load.bind(OnnxModel);
  const counter = {
    count: 0,
    misses: new Set<string>(),
    restore: () => { OnnxModel.load = original; },
  };
  const note = (kind: string, rs: { origin?: { task: string; item: string; template: string } }[]) => {
    for (const r of rs) counter.misses.add(`${kind} ${r.origin ? `${r.origin.task}/${r.origin.template}/${r.origin.item}` : '?'}`);
  };
  OnnxModel.load = async (...args: Parameters<typeof OnnxModel.load>) => {
    counter.count += 1;
    const model = await original(...args);
    const generate = model.generate.bind(model);
    const loglikelihood = model.loglikelihood.bind(model);
    model.generate = (rs) => { note('generate', rs); return generate(rs); };
    model.loglikelihood = (rs) => { note('loglikelihood', rs); return loglikelihood(rs); };
    return model;
  };
  return counter;
}
