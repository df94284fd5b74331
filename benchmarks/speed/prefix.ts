import path from 'node:path';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { loadBenchmark, loadBenchmarkTasks } from '../../src/runner/load-benchmark.js';
import { planTask } from '../../src/runner/plan.js';
import { bestOfInterleaved, type RatioLine } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface PrefixOptions { modelDir: string; threads: number; shots: number; limit: number; rounds: number; maxNewTokens: number }

/**
 * (g) k-shot requests of the smoke benchmark's tasks (the exemplars are drawn per template, so
 * every item of a template starts with the same shots): every prompt read whole ÷ a shared prefix
 * read once, for choice scoring and for generation, with the answers compared.
 */
export async function measurePrefix(o: PrefixOptions): Promise<RatioLine[]> {
  const bench = await loadBenchmark(path.join(ROOT, 'benchmarks', 'smoke.yaml'));
  const tasks = await loadBenchmarkTasks(bench, { limit: o.limit });
  const model = { ...bench.spec.models['base']!, format: 'plain' as const, shots: o.shots };
  const units = tasks.flatMap((t) => planTask(t, { model, seed: 1234, fingerprint: 'bench', settings: {} }));
  const choice: LoglikelihoodRequest[] = units.filter((u) => u.choice).map((u) => ({ context: u.prompt, fewshot: u.fewshot, continuations: u.choice!.continuations }));
  const gen: GenerateRequest[] = units.filter((u) => !u.choice).map((u) => ({
    prompt: u.prompt, fewshot: u.fewshot, maxNewTokens: o.maxNewTokens, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 0 },
  }));
  const shared = await OnnxModel.load('shared', o.modelDir, { threads: o.threads });
  const whole = await OnnxModel.load('whole', o.modelDir, { threads: o.threads, sharePrefixes: false });
  try {
    const [a, b] = [await whole.loglikelihood(choice), await shared.loglikelihood(choice)];
    let maxDelta = 0;
    a.forEach((r, i) => r.logprobs.forEach((lp, j) => { maxDelta = Math.max(maxDelta, Math.abs(lp - b[i]!.logprobs[j]!)); }));
    const [ga, gb] = [await whole.generate(gen), await shared.generate(gen)];
    const same = ga.filter((g, i) => g.texts[0] === gb[i]!.texts[0]).length;
    const tc = await bestOfInterleaved({ whole: () => whole.loglikelihood(choice), shared: () => shared.loglikelihood(choice) }, o.rounds);
    const tg = await bestOfInterleaved({ whole: () => whole.generate(gen), shared: () => shared.generate(gen) }, Math.max(1, Math.ceil(o.rounds / 2)));
    const promptTokens = ga.reduce((n, g) => n + g.promptTokens, 0) / Math.max(1, ga.length);
    return [
      {
        label: `(g) ${o.shots}-shot choice scoring, prompts read whole ÷ shared prefixes read once (max |Δ logprob| ${maxDelta.toExponential(1)}, ${maxDelta <= 1e-5 ? 'ok' : 'TOO LARGE'} ≤ 1e-5)`,
        ratio: tc.whole / tc.shared, goal: { op: '>=', value: 1.5 },
        detail: `${choice.length} requests of the smoke tasks, ${o.limit} items × every template; best of ${o.rounds}; whole ${tc.whole.toFixed(0)} ms, shared ${tc.shared.toFixed(0)} ms`,
      },
      {
        label: `(g) ${o.shots}-shot generation, prompts read whole ÷ shared prefixes read once (same text: ${same}/${gen.length})`,
        ratio: tg.whole / tg.shared, goal: { op: '>=', value: 1.2 },
        detail: `${gen.length} requests × ${o.maxNewTokens} new tokens at most, prompts ${promptTokens.toFixed(0)} tokens on average; whole ${tg.whole.toFixed(0)} ms, shared ${tg.shared.toFixed(0)} ms`,
      },
    ];
  } finally {
    await shared.dispose();
    await whole.dispose();
  }
}
