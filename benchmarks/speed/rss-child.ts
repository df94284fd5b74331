/**
 * Child process of the RSS measurement (e): one cold runBenchmark over `--limit` items per toy
 * task, then print the process's peak RSS as JSON on stdout.
 * usage: node --import tsx benchmarks/speed/rss-child.ts MODEL_DIR LIMIT WORK_DIR THREADS
 * (HELDOUT_SPEED_NO_ARENA=1: the same with onnxruntime's CPU memory arena off, an experiment)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM } from '@huggingface/transformers';
import { runBenchmark } from '../../src/runner/run-benchmark.js';
import { writeSpeedBenchmark } from './bench-file.js';

const [modelDir, limit, workDir, threads] = process.argv.slice(2);
if (!modelDir || !limit || !workDir || !threads) throw new Error('usage: rss-child.ts MODEL_DIR LIMIT WORK_DIR THREADS');
process.env['HELDOUT_CACHE_DIR'] = path.join(workDir, 'cache');
if (process.env['HELDOUT_SPEED_NO_ARENA'] === '1') {
  // experiment (not a heldout option): the same run with onnxruntime's CPU memory arena off
  const load = AutoModelForCausalLM.from_pretrained.bind(AutoModelForCausalLM);
  AutoModelForCausalLM.from_pretrained = ((id: string, options: Record<string, unknown> = {}) => load(id, {
    ...options, session_options: { ...(options['session_options'] as object), enableCpuMemArena: false },
  })) as typeof AutoModelForCausalLM.from_pretrained;
}
const bench = await writeSpeedBenchmark(workDir, modelDir, 16);
const outcome = await runBenchmark({ benchmark: bench, out: path.join(workDir, 'out'), limit: Number(limit), cache: true, threads: Number(threads) });
const units = outcome.tasks.reduce((n, t) => n + t.samples.length * t.templates.length, 0);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const mem = process.memoryUsage();
process.stdout.write(JSON.stringify({
  units, maxRssKb: process.resourceUsage().maxRSS, vmHwmKb: hwm ? Number(hwm) : null,
  heapUsedKb: Math.round(mem.heapUsed / 1024), externalKb: Math.round(mem.external / 1024), rssNowKb: Math.round(mem.rss / 1024),
}) + '\n');
