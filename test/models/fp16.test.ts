import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeText } from '../../src/cli/models.js';
import { describeModelFolder } from '../../src/models/onnx/describe.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { Seq2SeqModel } from '../../src/models/onnx/seq2seq-model.js';
import { openModelHandle } from '../../src/runner/model-handle.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { buildTinyDecoder, type TinyDecoderOptions } from '../helpers/onnx-builder/index.js';
import { ROOT } from '../helpers/paths.js';

/**
 * fp16 exports (what `model_fp16.onnx` on the hub is): float16 weights, arithmetic, key/value
 * cache and logits. The fixture is the float32 test decoder converted the way onnxconverter-common
 * converts one (test/helpers/onnx-builder/float16.ts), so the two answer the same questions.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-fp16-'));
process.env['HELDOUT_CACHE_DIR'] = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Unit roundoff of IEEE half precision (11 significant bits). */
const HALF_U = 2 ** -11;
const SEED = 7;

const build = (name: string, opts: Partial<TinyDecoderOptions>) => {
  const dir = path.join(tmp, name);
  buildTinyDecoder({ dir, seed: SEED, ...opts });
  return dir;
};

const greedy = { temperature: 0, topP: 1, n: 1, seed: 1 };
const prompts: GenerateRequest[] = ['the cat sat on', 'a', 'Once upon a time there was a small cat who lived by the sea', 'Q: what is 2+2?\nA:']
  .map((text) => ({ prompt: { kind: 'text', text }, maxNewTokens: 16, stop: [], sampling: greedy }));
const continuations = [' ran', ' sat down', ' and the cat went home to sleep', ' positive', ' 4'];
const scored: LoglikelihoodRequest[] = ['the dog', 'Review: the soup was cold.', 'a', 'Q: what is 2+2?\nA:']
  .map((text) => ({ context: { kind: 'text', text }, continuations }));

async function answers(dir: string, dtype: string, maxBatchTokens?: number) {
  const model = await OnnxModel.load('m', dir, { dtype, maxBatchTokens });
  const texts = (await model.generate(prompts)).map((r) => r.texts[0]);
  const scores = await model.loglikelihood(scored);
  await model.dispose();
  return { texts, logprobs: scores.flatMap((s) => s.logprobs), tokens: scores.flatMap((s) => s.tokens) };
}

/** The largest |logit| the float32 model gives over a prompt: what sets the size of fp16's rounding. */
async function maxLogit(dir: string, file = 'onnx/model.onnx'): Promise<number> {
  const session = await InferenceSession.create(path.join(dir, file));
  const ids = Array.from({ length: 24 }, (_, i) => (i * 37 + 5) % 1000);
  const row = (v: (i: number) => number) => new Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(v(i)))), [1, ids.length]);
  const feeds: Record<string, Tensor> = {
    input_ids: row((i) => ids[i]!), attention_mask: row(() => 1), position_ids: row((i) => i),
    num_logits_to_keep: new Tensor('int64', BigInt64Array.from([0n]), []),
  };
  for (const name of session.inputNames.filter((n) => n.startsWith('past_key_values.'))) feeds[name] = new Tensor('float32', new Float32Array(0), [1, 2, 0, 16]);
  const logits = (await session.run(feeds))['logits']!.data as Float32Array;
  await session.release();
  return logits.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('an fp16 export (float16 weights, cache and logits)', () => {
  let f32: Awaited<ReturnType<typeof answers>>;
  let f16Dir: string;
  let f32Dir: string;
  beforeAll(async () => {
    f32Dir = build('f32', {});
    f16Dir = build('f16', { halfPrecision: true, suffixes: ['_fp16'] });
    f32 = await answers(f32Dir, 'fp32');
  });

  it('is what models inspect calls float16', async () => {
    const d = await describeModelFolder(f16Dir, 'fp16');
    expect(d.loads.map((l) => l.file)).toEqual(['onnx/model_fp16.onnx']);
    expect([d.kvType, d.logitsType]).toEqual(['float16', 'float16']);
    expect(d.refusal).toBeUndefined();
    expect(describeText(d)).toMatch(/layers, KV heads\s+2 layers, 2 KV heads × 16, float16 cache, float16 logits\n/);
    expect(describeText(d)).not.toMatch(/\n {2}runs /);
  });

  /**
   * Tolerance per token: 4·u·max|logit|. A token's log-probability is its logit minus the
   * logsumexp of all logits; rounding a logit of size ≤ max|logit| to half precision moves it by
   * at most u·max|logit|, and the logsumexp, a weighted mean of the logits, by no more. That is
   * 2·u·max|logit| for one rounding of the output; the factor 4 leaves as much again for the
   * roundings inside the two-layer body. Measured on these 20 continuations (2–8 tokens) with
   * seeds 7–9 (max|logit| 4.5–5.3): at most 7.2e-4 per token, 2.6e-3 per continuation, about a
   * fourteenth of the bound; a misfed cache or misread logits miss by whole nats.
   */
  it('scores every continuation as the float32 model does, within half precision\'s rounding', async () => {
    const f16 = await answers(f16Dir, 'fp16');
    expect(f16.tokens).toEqual(f32.tokens);
    const perToken = 4 * HALF_U * await maxLogit(f32Dir);
    const diffs = f16.logprobs.map((lp, i) => Math.abs(lp - f32.logprobs[i]!));
    diffs.forEach((d, i) => expect(d, `continuation ${i} (${f32.tokens[i]} tokens)`).toBeLessThanOrEqual(perToken * f32.tokens[i]!));
    // computed in half precision for real: the float32 file was not loaded in its place
    expect(Math.max(...diffs)).toBeGreaterThan(1e-5);
  });

  it('generates through its float16 cache (batched prompts, left-padded cache joins) the float32 model\'s greedy text', async () => {
    const f16 = await answers(f16Dir, 'fp16');
    expect(f16.texts).toEqual(f32.texts);
    expect(f16.texts.every((t) => t && t.length > 0)).toBe(true);
  });

  it('reads a prompt in position chunks and joins float16 caches of separate forwards, as one forward does', async () => {
    const small = await answers(f16Dir, 'fp16', 48);
    const whole = await answers(f16Dir, 'fp16');
    expect(small.texts).toEqual(whole.texts);
    small.logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(whole.logprobs[i]!, 2));
  });

  it("in Optimum's merged layout (decoder_model_merged_fp16.onnx with use_cache_branch, at the root)", async () => {
    const dir = build('f16-merged', { halfPrecision: true, suffixes: ['_fp16'], layout: 'root', stem: 'decoder_model_merged' });
    const f16 = await answers(dir, 'fp16');
    expect(f16.texts).toEqual(f32.texts);
    f16.logprobs.forEach((lp, i) => expect(Math.abs(lp - f32.logprobs[i]!)).toBeLessThan(0.05 * f32.tokens[i]!));
  });

  it.each([
    ['a float16 cache with float32 logits', { cache: true, logits: false }],
    ['float16 logits with a float32 cache', { cache: false, logits: true }],
  ])('a float32 body with %s (exports that keep some IO types) answers as the float32 model', async (_name, float16) => {
    const dir = build(`mixed-${float16.cache}-${float16.logits}`, { float16, suffixes: ['_fp16'] });
    const d = await describeModelFolder(dir, 'fp16');
    expect([d.kvType, d.logitsType]).toEqual([float16.cache ? 'float16' : 'float', float16.logits ? 'float16' : 'float']);
    const mixed = await answers(dir, 'fp16');
    const perToken = 4 * HALF_U * await maxLogit(f32Dir);
    mixed.logprobs.forEach((lp, i) => expect(Math.abs(lp - f32.logprobs[i]!)).toBeLessThanOrEqual(perToken * f32.tokens[i]!));
    expect(mixed.texts).toEqual(f32.texts);
  });

  it('a benchmark model with dtype: fp16 opens (it was refused before the run)', async () => {
    const handle = await openModelHandle('tuned', { source: f16Dir, format: 'plain', shots: 0, dtype: 'fp16' }, tmp, {});
    const model = await handle.get();
    const [r] = await model.generate([prompts[0]!]);
    expect(r!.texts[0]).toBe(f32.texts[0]);
    await handle.dispose();
  });
});

describe('a q4f16 export (4-bit MatMulNBits weights, float16 arithmetic, cache and logits)', () => {
  it('scores and generates as the q4 export of the same weights (float32 arithmetic) does, within half precision\'s rounding', async () => {
    const q4Dir = build('q4', { quantize4: true, suffixes: ['_q4'] });
    const q4f16Dir = build('q4f16', { quantize4: true, halfPrecision: true, suffixes: ['_q4f16'] });
    const d = await describeModelFolder(q4f16Dir, 'q4f16');
    expect([d.loads[0]!.file, d.kvType, d.logitsType, d.refusal]).toEqual(['onnx/model_q4f16.onnx', 'float16', 'float16', undefined]);
    const q4 = await answers(q4Dir, 'q4');
    const q4f16 = await answers(q4f16Dir, 'q4f16');
    // the same bound as fp16's (see above); measured with seeds 7–9: at most 6.7e-4 per token
    const perToken = 4 * HALF_U * await maxLogit(q4Dir, 'onnx/model_q4.onnx');
    q4f16.logprobs.forEach((lp, i) => expect(Math.abs(lp - q4.logprobs[i]!), `continuation ${i}`).toBeLessThanOrEqual(perToken * q4.tokens[i]!));
    expect(q4f16.texts).toEqual(q4.texts);
    // 4-bit weights for real: the q4 model is not the float32 one (0.09–0.24 nats per token apart at worst)
    const f32 = await answers(path.join(tmp, 'f32'), 'fp32');
    expect(Math.max(...q4.logprobs.map((lp, i) => Math.abs(lp - f32.logprobs[i]!) / f32.tokens[i]!))).toBeGreaterThan(0.02);
  });
});

describe('an fp16 encoder-decoder (test/fixtures/tiny-t5-tuned/onnx/*_fp16.onnx, from scripts/build-t5-fixture/fp16.py)', () => {
  const T5 = path.join(ROOT, 'test/fixtures/tiny-t5-tuned');
  const t5Prompts = ['Review: the soup was great and warm', 'copy: zorblax is here', 'Review: awful rude staff, never again', 'hello']
    .map((text): GenerateRequest => ({ prompt: { kind: 'text', text }, maxNewTokens: 8, stop: [], sampling: greedy }));
  const t5Scored: LoglikelihoodRequest[] = [
    { context: { kind: 'text', text: 'Review: the soup was great' }, continuations: ['positive', 'negative'] },
    { context: { kind: 'text', text: 'copy: zorblax is here' }, continuations: ['zorblax', 'here', 'is'] },
  ];
  const t5Answers = async (dtype: string) => {
    const model = await Seq2SeqModel.load('t5', T5, { dtype });
    const texts = (await model.generate(t5Prompts)).map((r) => r.texts[0]);
    const scores = await model.loglikelihood(t5Scored);
    await model.dispose();
    return { texts, logprobs: scores.flatMap((s) => s.logprobs), tokens: scores.flatMap((s) => s.tokens) };
  };

  /**
   * An empirical bound, 0.1 nats per token: the fixture's logits reach 14.5, and its 2 + 2 layers
   * of unscaled attention, with the relative-position buckets computed in half precision too,
   * round more than the decoder above; measured at most 0.041 per token on these continuations.
   * Feeding the cache or reading the logits wrongly misses by whole nats.
   */
  it('answers as the float32 T5 does: the same greedy text, log-likelihoods within 0.1 nats per token', async () => {
    const d = await describeModelFolder(T5, 'fp16');
    expect([d.loads.map((l) => l.file), d.kvType, d.logitsType, d.refusal])
      .toEqual([['onnx/encoder_model_fp16.onnx', 'onnx/decoder_model_merged_fp16.onnx'], 'float16', 'float16', undefined]);
    const f32 = await t5Answers('fp32');
    const f16 = await t5Answers('fp16');
    expect(f16.texts).toEqual(f32.texts);
    expect(f16.tokens).toEqual(f32.tokens);
    const perToken = f16.logprobs.map((lp, i) => Math.abs(lp - f32.logprobs[i]!) / f32.tokens[i]!);
    perToken.forEach((d, i) => expect(d, `continuation ${i}`).toBeLessThanOrEqual(0.1));
    expect(Math.max(...perToken)).toBeGreaterThan(1e-5);
  });
});
