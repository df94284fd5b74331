import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CausalLM, type ForwardInput } from '../../src/models/onnx/causal-lm.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { forwardCost, LOGIT_FLOATS_PER_TOKEN, maxLogitFloats, packInOrder, packRuns, positionsPerForward, type TokenBudget } from '../../src/models/onnx/token-budget.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { loadBenchmark, loadBenchmarkTasks } from '../../src/runner/load-benchmark.js';
import { planTask, type Unit } from '../../src/runner/plan.js';
import { ROOT } from '../helpers/paths.js';

describe('packing under a token budget', () => {
  const budget: TokenBudget = { maxTokens: 1000, vocab: 151_936, fullLogits: true };

  it('counts a position with logits as vocab / 512 tokens more', () => {
    expect(forwardCost(budget, 2, 10, 1)).toBeCloseTo(2 * 10 + (2 * 10 * 151_936) / 512);
    expect(forwardCost({ ...budget, fullLogits: false }, 2, 10, 1)).toBeCloseTo(2 * 10 + (2 * 151_936) / 512);
    expect(forwardCost({ ...budget, fullLogits: false }, 2, 10, 0)).toBeCloseTo(2 * 10 + (2 * 10 * 151_936) / 512);
  });

  it('packs consecutive items into groups that fit, one oversized item alone', () => {
    const lengths = [900, 400, 400, 300, 200, 100, 100, 2000];
    const groups = packInOrder(lengths, (g) => g.length * Math.max(...g), 1000, 3);
    expect(groups).toEqual([[900], [400, 400], [300, 200, 100], [100], [2000]]);
    for (const g of groups) expect(g.length === 1 || g.length * Math.max(...g) <= 1000).toBe(true);
  });

  it('keeps a run (prompts sharing a prefix) in one group when it fits one, else fills groups in order', () => {
    const rows = (g: number[]) => g.length;
    // runs of 6, 6, 6 in groups of 8: each run whole, not 6+2, 4+4, 2+6 (each prefix then read once)
    expect(packRuns([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], [13, 14, 15, 16, 17, 18]], rows, 8, 8).map((g) => g.length)).toEqual([6, 6, 6]);
    // single items still fill the rest of a group; a run larger than a group is split in order
    expect(packRuns([[1, 2, 3, 4, 5, 6], [7], [8], [9, 10, 11, 12, 13, 14, 15, 16, 17, 18]], rows, 8, 8)).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16], [17, 18]]);
    expect(packRuns([[1], [2], [3]], rows, 2, 2)).toEqual(packInOrder([1, 2, 3], rows, 2, 2));
  });

  it('splits a long row into position chunks whose logits fit, at least one position each', () => {
    const step = positionsPerForward(budget, 1);
    expect(forwardCost(budget, 1, step, 1)).toBeLessThanOrEqual(1000);
    expect(forwardCost(budget, 1, step + 1, 1)).toBeGreaterThan(1000);
    expect(positionsPerForward({ ...budget, maxTokens: 10 }, 1)).toBe(1);
  });
});

/** Every forward of `fn`: its token rows × width and the logits it returned. */
interface Forward { tokens: number; logits: number; continued: boolean }

async function recordForwards<T>(fn: () => Promise<T>): Promise<{ result: T; forwards: Forward[] }> {
  const forwards: Forward[] = [];
  const original = CausalLM.prototype.forward;
  const spy = vi.spyOn(CausalLM.prototype, 'forward').mockImplementation(async function (this: CausalLM, input: ForwardInput) {
    const out = await original.call(this, input);
    const width = input.ids[0]?.length ?? 0;
    forwards.push({ tokens: input.ids.length * width, logits: out.logits.length, continued: input.past !== null && width > 1 });
    return out;
  });
  try {
    return { result: await fn(), forwards };
  } finally {
    spy.mockRestore();
  }
}

/** A forward's new tokens plus its logits (LOGIT_FLOATS_PER_TOKEN floats = one token) stay within the budget. */
function expectWithinBudget(f: Forward, budget: TokenBudget): void {
  expect(f.logits).toBeLessThanOrEqual(maxLogitFloats(budget));
  expect(f.tokens + f.logits / LOGIT_FLOATS_PER_TOKEN).toBeLessThanOrEqual(budget.maxTokens);
}

describe('the shipped base model answers the same within a small budget, every forward under it', () => {
  let roomy: OnnxModel;
  let tight: OnnxModel;
  let units: Unit[];
  const MAX = 64;
  beforeAll(async () => {
    const dir = path.join(ROOT, 'models/tiny-base');
    roomy = await OnnxModel.load('roomy', dir, { batchSize: 16 });
    // every position's logits come back, as from a model exported without num_logits_to_keep
    tight = await OnnxModel.load('tight', dir, { batchSize: 16, maxBatchTokens: MAX, fullLogits: true });
    const bench = await loadBenchmark(path.join(ROOT, 'benchmarks/smoke.yaml'));
    const tasks = await loadBenchmarkTasks(bench, { limit: 3 });
    units = tasks.flatMap((t) => planTask(t, { model: bench.spec.models['base']!, seed: 1, fingerprint: 'test', settings: {} }));
  });
  afterAll(async () => { await roomy?.dispose(); await tight?.dispose(); });

  it('scores choices equal to 1e-5 and no forward returns more logits than the budget allows', async () => {
    const reqs: LoglikelihoodRequest[] = units.filter((u) => u.choice).map((u) => ({ context: u.prompt, continuations: u.choice!.continuations }));
    const want = await roomy.loglikelihood(reqs);
    const { result: got, forwards } = await recordForwards(() => tight.loglikelihood(reqs));
        expect(forwards.some((f) => f.continued)).toBe(true);
    for (const f of forwards) expectWithinBudget(f, tight.budget);
    got.forEach((g, r) => g.logprobs.forEach((lp, i) => expect(Math.abs(lp - want[r]!.logprobs[i]!)).toBeLessThan(1e-5)));
    expect(got.map((g) => g.greedy)).toEqual(want.map((w) => w.greedy));
  });

  it('generates the same text (prompts read in chunks, caches joined) with every forward under the budget', async () => {
    const reqs: GenerateRequest[] = units.slice(0, 24).map((u) => ({
      prompt: u.prompt, maxNewTokens: 12, stop: u.stop, sampling: { temperature: 0, topP: 1, n: 1, seed: 0 },
    }));
    const want = await roomy.generate(reqs);
    const { result: got, forwards } = await recordForwards(() => tight.generate(reqs));
    for (const f of forwards) expectWithinBudget(f, tight.budget);
    // a prompt longer than one forward allows was read in position chunks
    expect(forwards.some((f) => f.continued)).toBe(true);
    expect(got.map((g) => g.texts)).toEqual(want.map((w) => w.texts));
    expect(got.map((g) => g.finish)).toEqual(want.map((w) => w.finish));
  });
});
