import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CausalLM } from '../../src/models/onnx/causal-lm.js';
import { logSoftmaxAt } from '../../src/models/onnx/tensors.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { splitContinuation } from '../../src/models/onnx/text.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { loadBenchmark, loadBenchmarkTasks } from '../../src/runner/load-benchmark.js';
import { planTask, type Unit } from '../../src/runner/plan.js';
import { ROOT } from '../helpers/cli.js';

/** Items per toy task in these checks (every template of each). */
const ITEMS = Number(process.env['HELDOUT_TEST_ITEMS'] ?? 6);

async function smokeUnits(model: 'base' | 'tuned'): Promise<Unit[]> {
  const bench = await loadBenchmark(path.join(ROOT, 'benchmarks/smoke.yaml'));
  const tasks = await loadBenchmarkTasks(bench, { limit: ITEMS });
  const spec = bench.spec.models[model]!;
  return tasks.flatMap((t) => planTask(t, { model: spec, seed: 1, fingerprint: 'test', settings: {} }));
}

/** The reference: one full forward over context + continuation, no cache, per choice. */
async function naiveLogprob(m: OnnxModel, req: LoglikelihoodRequest, i: number): Promise<number> {
  const internals = m as unknown as { lm: CausalLM; tokenizer: { encode(t: string, o: object): number[] }; renderPrompt(p: unknown): string };
  const split = splitContinuation(internals.renderPrompt(req.context), req.continuations,
    (t) => internals.tokenizer.encode(t, { add_special_tokens: req.context.kind === 'text' }), 0);
  const ctx = split.context;
  const cont = split.continuations[i]!;
  const ids = [...ctx, ...cont];
  const out = await internals.lm.forward({ ids: [ids], mask: [ids.map(() => 1)], positions: [ids.map((_, p) => p)], past: null, keepLast: 0 });
  let sum = 0;
  for (let p = 0; p < cont.length; p++) {
    const row = ctx.length - 1 + p;
    const offset = (row - (ids.length - out.positions)) * out.vocab;
    sum += logSoftmaxAt(out.logits, offset, out.vocab, cont[p]!);
  }
  return sum;
}

describe.each(['base', 'tuned'] as const)('ONNX backend on the shipped %s model', (name) => {
  let model: OnnxModel;
  let units: Unit[];
  beforeAll(async () => {
    model = await OnnxModel.load(name, path.join(ROOT, `models/tiny-${name}`), { batchSize: 16 });
    units = await smokeUnits(name);
  });
  afterAll(async () => { await model?.dispose(); });

  it('choice scores from one cached context equal a full forward per choice (1e-5)', async () => {
    const choice = units.filter((u) => u.choice);
    expect(choice.length).toBeGreaterThan(10);
    const reqs: LoglikelihoodRequest[] = choice.map((u) => ({ context: u.prompt, continuations: u.choice!.continuations }));
    const fast = await model.loglikelihood(reqs);
    let worst = 0;
    for (let r = 0; r < reqs.length; r++) {
      for (let i = 0; i < reqs[r]!.continuations.length; i++) {
        worst = Math.max(worst, Math.abs(fast[r]!.logprobs[i]! - (await naiveLogprob(model, reqs[r]!, i))));
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('batched greedy generation gives the same text as batch size 1', async () => {
    const reqs: GenerateRequest[] = units.map((u) => ({ prompt: u.prompt, maxNewTokens: u.maxNewTokens, stop: u.stop, sampling: { temperature: 0, topP: 1, n: 1, seed: 0 } }));
    const byTask = new Map<string, number[]>();
    units.forEach((u, i) => byTask.set(u.task.id, [...(byTask.get(u.task.id) ?? []), i]));
    for (const idx of byTask.values()) {
      const batched = await model.generate(idx.map((i) => reqs[i]!));
      for (let j = 0; j < idx.length; j++) {
        const [single] = await model.generate([reqs[idx[j]!]!]);
        expect(batched[j]!.texts, `${units[idx[j]!]!.task.id} ${units[idx[j]!]!.sample.id}`).toEqual(single!.texts);
      }
    }
  });

  it('seeded sampling repeats with the same seed and differs with another', async () => {
    const u = units.find((x) => !x.choice)!;
    const ask = (seed: number) => model.generate([{ prompt: u.prompt, maxNewTokens: 24, stop: [], sampling: { temperature: 1, topP: 0.95, n: 4, seed } }]);
    const [a] = await ask(11);
    const [b] = await ask(11);
    expect(a!.texts).toEqual(b!.texts);
    expect(a!.texts).toHaveLength(4);
    const [c] = await ask(12);
    expect(c!.texts).not.toEqual(a!.texts);
  });
});
