/**
 * Prompts that share a prefix (k-shot exemplars drawn per template, a long instruction, K samples
 * of one prompt) read it once: scores and text must equal reading every prompt whole (issue #13).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CausalLM, slidingWindowOf, type ForwardInput } from '../../src/models/onnx/causal-lm.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { MIN_SHARED_PREFIX, sharedPrefixes } from '../../src/models/onnx/prefill.js';
import { LOGIT_FLOATS_PER_TOKEN, maxLogitFloats } from '../../src/models/onnx/token-budget.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { loadBenchmark, loadBenchmarkTasks } from '../../src/runner/load-benchmark.js';
import { planTask, type Unit } from '../../src/runner/plan.js';
import { ROOT } from '../helpers/paths.js';

describe('finding shared prefixes', () => {
  const p = Array.from({ length: MIN_SHARED_PREFIX }, (_, i) => 100 + i);

  it('groups rows that share at least MIN_SHARED_PREFIX tokens, each keeping one token of its own', () => {
    const rows = [[...p, 1, 2, 3], [9, ...p], [...p, 1, 2], [...p, 1, 5, 6, 7], [...p]];
    const groups = sharedPrefixes(rows);
    // row 4 is the prefix alone: sharing it would leave the row no token of its own, so it reads alone
    expect(groups).toEqual([{ rows: [2, 0, 3], length: MIN_SHARED_PREFIX + 1 }]);
    // the shortest row keeps its last token: the prefix stops one short of it
    expect(sharedPrefixes([[...p, 1, 2, 3], [...p, 1], [...p, 1, 2]])).toEqual([{ rows: [1, 2, 0], length: MIN_SHARED_PREFIX }]);
  });

  it('leaves rows alone that share less, and single rows', () => {
    const short = p.slice(0, MIN_SHARED_PREFIX - 1);
    expect(sharedPrefixes([[...short, 1, 2], [...short, 3, 4]])).toEqual([]);
    expect(sharedPrefixes([[...p, 1, 2]])).toEqual([]);
    expect(sharedPrefixes([[...p, 1], [7, ...p, 1]])).toEqual([]);
  });
});

/** Every forward's rows × new positions, summed: what the model was made to read; and the largest forward (new tokens + logits as tokens). */
async function positionsFed<T>(fn: () => Promise<T>): Promise<{ result: T; fed: number; forwards: number; largest: number; mostLogits: number }> {
  let fed = 0;
  let forwards = 0;
  let largest = 0;
  let mostLogits = 0;
  const original = CausalLM.prototype.forward;
  const spy = vi.spyOn(CausalLM.prototype, 'forward').mockImplementation(async function (this: CausalLM, input: ForwardInput) {
    const tokens = input.ids.length * (input.ids[0]?.length ?? 0);
    fed += tokens;
    forwards++;
    const out = await original.call(this, input);
    largest = Math.max(largest, tokens + out.logits.length / LOGIT_FLOATS_PER_TOKEN);
    mostLogits = Math.max(mostLogits, out.logits.length);
    return out;
  });
  try {
    return { result: await fn(), fed, forwards, largest, mostLogits };
  } finally {
    spy.mockRestore();
  }
}

/** Tokens of a plain prompt as the shipped tokenizer makes them. */
async function tokenCounter(): Promise<(text: string) => number> {
  env.localModelPath = path.join(ROOT, 'models') + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained('tiny-base', { local_files_only: true });
  return (text) => tokenizer.encode(text).length;
}

describe('k-shot prompts on the shipped base model read their shared exemplars once', () => {
  const dir = path.join(ROOT, 'models/tiny-base');
  let shared: OnnxModel;
  let whole: OnnxModel;
  let tight: OnnxModel;
  let units: Unit[];
  beforeAll(async () => {
    shared = await OnnxModel.load('shared', dir, { batchSize: 16 });
    whole = await OnnxModel.load('whole', dir, { batchSize: 16, sharePrefixes: false });
    // every position's logits come back and a forward holds 64 tokens: prefixes are read in chunks
    tight = await OnnxModel.load('tight', dir, { batchSize: 16, maxBatchTokens: 64, fullLogits: true });
    const bench = await loadBenchmark(path.join(ROOT, 'benchmarks/smoke.yaml'));
    const tasks = await loadBenchmarkTasks(bench, { limit: 4 });
    const model = { ...bench.spec.models['base']!, shots: 2 };
    units = tasks.flatMap((t) => planTask(t, { model, seed: 1, fingerprint: 'test', settings: {} }));
  });
  afterAll(async () => { await shared?.dispose(); await whole?.dispose(); await tight?.dispose(); });

  it('scores choices equal to 1e-5, reading fewer positions', async () => {
    const reqs: LoglikelihoodRequest[] = units.filter((u) => u.choice).map((u) => ({ context: u.prompt, fewshot: u.fewshot, continuations: u.choice!.continuations }));
    expect(reqs.length).toBeGreaterThan(8);
    const want = await positionsFed(() => whole.loglikelihood(reqs));
    const got = await positionsFed(() => shared.loglikelihood(reqs));
    const tightRun = await positionsFed(() => tight.loglikelihood(reqs));
    const chunked = tightRun.result;
    // prefixes and tails alike are read within the budget, in chunks where one forward would not hold them
    expect(tightRun.mostLogits).toBeLessThanOrEqual(maxLogitFloats(tight.budget));
    expect(tightRun.largest).toBeLessThanOrEqual(tight.budget.maxTokens);
    for (const result of [got.result, chunked]) {
      result.forEach((g, r) => g.logprobs.forEach((lp, i) => expect(Math.abs(lp - want.result[r]!.logprobs[i]!)).toBeLessThan(1e-5)));
      expect(result.map((g) => g.greedy)).toEqual(want.result.map((w) => w.greedy));
    }
    expect(got.fed).toBeLessThan(want.fed / 2);
  });

  it('generates the same text, reading fewer positions', async () => {
    const reqs: GenerateRequest[] = units.filter((u) => !u.choice).slice(0, 24).map((u) => ({
      prompt: u.prompt, fewshot: u.fewshot, maxNewTokens: 10, stop: u.stop, sampling: { temperature: 0, topP: 1, n: 1, seed: 0 },
    }));
    const want = await positionsFed(() => whole.generate(reqs));
    const got = await positionsFed(() => shared.generate(reqs));
    const tightRun = await positionsFed(() => tight.generate(reqs));
    const chunked = tightRun.result;
    expect(tightRun.mostLogits).toBeLessThanOrEqual(maxLogitFloats(tight.budget));
    expect(tightRun.largest).toBeLessThanOrEqual(tight.budget.maxTokens);
    expect(got.result.map((g) => g.texts)).toEqual(want.result.map((w) => w.texts));
    expect(chunked.map((g) => g.texts)).toEqual(want.result.map((w) => w.texts));
    expect(got.result.map((g) => g.finish)).toEqual(want.result.map((w) => w.finish));
    expect(got.fed).toBeLessThan(want.fed);
  });

  it('a tail longer than one forward holds is read in chunks on top of the prefix, every forward within the budget', async () => {
    const shared = Array.from({ length: 14 }, (_, i) => ['river', 'stone', 'lamp', 'seven'][i % 4]).join(' ');
    const tail = (k: number) => Array.from({ length: 90 }, (_, i) => ['blue', 'market', 'quiet', 'orange', 'the'][(i + k) % 5]).join(' ');
    const texts = [0, 1, 2].map((k) => `${shared} ${tail(k)}`);
    const tokens = await tokenCounter();
    const p = tokens(shared);
    const t = Math.max(...texts.map(tokens)) - p;
    // a budget that holds two whole prompts in one group but not one tail's forward with every position's logits (vocab 1024: 2 tokens more per position)
    const budget = 2 * (p + t + 4) + 2;
    expect(3 * t).toBeGreaterThan(budget);
    expect(p).toBeGreaterThanOrEqual(MIN_SHARED_PREFIX);
    const mid = await OnnxModel.load('mid', dir, { batchSize: 16, maxBatchTokens: budget, fullLogits: true });
    try {
      const reqs: GenerateRequest[] = texts.map((text) => ({ prompt: { kind: 'text', text }, maxNewTokens: 4, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 0 } }));
      const want = await whole.generate(reqs);
      const got = await positionsFed(() => mid.generate(reqs));
      expect(got.mostLogits).toBeLessThanOrEqual(maxLogitFloats(mid.budget));
      expect(got.largest).toBeLessThanOrEqual(mid.budget.maxTokens);
      expect(got.result.map((g) => g.texts)).toEqual(want.map((w) => w.texts));
      const choice = (text: string): LoglikelihoodRequest => ({ context: { kind: 'text', text }, continuations: [' blue', ' lamp stone'] });
      const scores = await positionsFed(() => mid.loglikelihood(texts.map(choice)));
      const ref = await whole.loglikelihood(texts.map(choice));
      expect(scores.largest).toBeLessThanOrEqual(mid.budget.maxTokens);
      scores.result.forEach((g, r) => g.logprobs.forEach((lp, i) => expect(Math.abs(lp - ref[r]!.logprobs[i]!)).toBeLessThan(1e-5)));
    } finally {
      await mid.dispose();
    }
  });

  it('K samples of one prompt read it once, and sample the same tokens', async () => {
    const [u] = units.filter((x) => !x.choice);
    const req: GenerateRequest = { prompt: u!.prompt, maxNewTokens: 8, stop: [], sampling: { temperature: 0.7, topP: 1, n: 5, seed: 3 } };
    const want = await positionsFed(() => whole.generate([req]));
    const got = await positionsFed(() => shared.generate([req]));
    expect(got.result[0]!.texts).toEqual(want.result[0]!.texts);
    expect(got.fed).toBeLessThan(want.fed);
  });
});

describe('a model with a sliding window', () => {
  it('reads the window a config declares and uses', () => {
    expect(slidingWindowOf({ model_type: 'mistral', sliding_window: 4096 })).toBe(4096);
    expect(slidingWindowOf({ model_type: 'qwen3', sliding_window: 32768, use_sliding_window: false })).toBeNull();
    expect(slidingWindowOf({ model_type: 'gemma3', text_config: { sliding_window: 512 } })).toBe(512);
    expect(slidingWindowOf({ model_type: 'llama', sliding_window: null })).toBeNull();
    expect(slidingWindowOf({ model_type: 'gpt2' })).toBeNull();
  });

  it('reads every prompt whole: padding between a prefix and a tail would narrow what a window layer sees', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-window-'));
    cpSync(path.join(ROOT, 'models/tiny-base'), dir, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, sliding_window: 4096 }));
    const windowed = await OnnxModel.load('windowed', dir, { batchSize: 16 });
    const whole = await OnnxModel.load('whole', path.join(ROOT, 'models/tiny-base'), { batchSize: 16, sharePrefixes: false });
    try {
      const shared = Array.from({ length: 40 }, (_, i) => `word${i % 7}`).join(' ');
      const reqs: GenerateRequest[] = ['one', 'two', 'three'].map((tail) => ({
        prompt: { kind: 'text', text: `${shared} ${tail}` }, maxNewTokens: 4, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 0 },
      }));
      const a = await positionsFed(() => windowed.generate(reqs));
      const b = await positionsFed(() => whole.generate(reqs));
      expect(a.fed).toBe(b.fed);
      expect(a.result.map((g) => g.texts)).toEqual(b.result.map((g) => g.texts));
    } finally {
      await windowed.dispose();
      await whole.dispose();
    }
  });
});
