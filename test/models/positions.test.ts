/**
 * Position ids: the tiny decoder adds a learned position embedding, so its scores depend on the
 * exact position ids fed. A model built with `positionShift: 1` fed p answers as the unshifted one
 * fed p + 1: a model_type heldout numbers from 1 must answer exactly as the shifted twin does,
 * every other model_type as the unshifted one (and never as the shifted one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreTrainedModel } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { CausalLM } from '../../src/models/onnx/causal-lm.js';
import { describeModelFolder } from '../../src/models/onnx/describe.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { positionRuleOf } from '../../src/models/onnx/positions.js';
import { scoreGroups } from '../../src/models/onnx/score.js';
import type { Model } from '../../src/models/types.js';
import { buildTinyDecoder, type TinyDecoderOptions } from '../helpers/onnx-builder/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-positions-'));
process.env['HELDOUT_CACHE_DIR'] = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function build(opts: Partial<TinyDecoderOptions>): string {
  const dir = path.join(tmp, `m${n++}`);
  buildTinyDecoder({ dir, seed: 11, ...opts });
  return dir;
}

/** Prompts of different lengths (left padding), generation steps, and multi-token continuations (cache reuse). */
async function answers(model: Model) {
  const sampling = { temperature: 0, topP: 1, n: 1, seed: 1 };
  const g = await model.generate([
    { prompt: { kind: 'text', text: 'the cat sat on the mat and' }, maxNewTokens: 6, stop: [], sampling },
    { prompt: { kind: 'text', text: 'a' }, maxNewTokens: 6, stop: [], sampling },
  ]);
  const l = await model.loglikelihood([
    { context: { kind: 'text', text: 'the dog ran to the' }, continuations: [' park', ' big red house'] },
    { context: { kind: 'text', text: 'it' }, continuations: [' was', ' is not'] },
  ]);
  await model.dispose();
  return { texts: g.map((r) => r.texts[0]), logprobs: l.map((r) => r.logprobs) };
}

type Answers = Awaited<ReturnType<typeof answers>>;

function expectClose(a: Answers, b: Answers): void {
  expect(a.texts).toEqual(b.texts);
  a.logprobs.flat().forEach((v, i) => expect(v).toBeCloseTo(b.logprobs.flat()[i]!, 4));
}

function differs(a: Answers, b: Answers): boolean {
  return a.logprobs.flat().some((v, i) => Math.abs(v - b.logprobs.flat()[i]!) > 1e-3);
}

const reference: Record<number, Answers> = {};

describe('position ids start where the model_type\'s reference implementation starts', () => {
  it('the rule: paligemma from 1; gemma3_text, gemma3, llama, gpt2 from 0', () => {
    expect(positionRuleOf({ model_type: 'paligemma' }).base).toBe(1);
    for (const t of ['gemma3_text', 'gemma3', 'llama', 'gpt2', 'qwen3', undefined]) expect(positionRuleOf({ model_type: t }).base).toBe(0);
    expect(positionRuleOf({ model_type: 'gemma3_text' }).why).toMatch(/transformers\.js feeds 1/);
  });

  it('references: the unshifted model (as fed from 0) and its shifted twin (as fed from 1) answer differently', async () => {
    reference[0] = await answers(await OnnxModel.load('ref0', build({})));
    reference[1] = await answers(await OnnxModel.load('ref1', build({ positionShift: 1 })));
    expect(differs(reference[0], reference[1])).toBe(true);
  });

  const loadable: [string, Record<string, unknown>][] = [
    ['gemma3_text', { model_type: 'gemma3_text', architectures: ['Gemma3ForCausalLM'] }],
    // the multimodal config, loaded as Gemma3ForCausalLM by transformers.js (text_config holds the decoder's sizes)
    ['gemma3', { model_type: 'gemma3', architectures: [], text_config: { model_type: 'gemma3_text', num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 2, hidden_size: 32, head_dim: 16 } }],
    ['gpt2', { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }],
  ];
  for (const [type, config] of loadable) {
    it(`${type}: fed from 0 (answers as the unshifted model, not its shifted twin)`, async () => {
      const got = await answers(await OnnxModel.load(type, build({ config })));
      expectClose(got, reference[0]!);
      expect(differs(got, reference[1]!)).toBe(true);
    });
  }

  it('paligemma: fed from 1, with left padding and cached continuations (transformers.js loads paligemma only with its vision parts, so its decoder is driven here directly)', async () => {
    const shifted = await OnnxModel.load('shifted', build({ positionShift: 1 }));
    const plain = await OnnxModel.load('plain', build({}));
    const session = (m: OnnxModel) => (m as unknown as { model: PreTrainedModel }).model;
    const paligemma = new CausalLM(session(plain), { model_type: 'paligemma' });
    const twin = new CausalLM(session(shifted), { model_type: 'llama' });
    const asLlama = new CausalLM(session(plain), { model_type: 'llama' });
    expect(paligemma.positionBase).toBe(1);
    const groups = [
      { context: [5, 6, 7, 8, 9, 10, 11], continuations: [[12, 13, 14], [15]], truncatedTokens: 0 },
      { context: [20, 21], continuations: [[22, 23], [24, 25, 26, 27]], truncatedTokens: 0 },
    ];
    const budget = { maxTokens: 4096, vocab: plain.budget.vocab, fullLogits: true };
    const score = async (lm: CausalLM) => (await scoreGroups(lm, groups, 0, budget)).map((r) => r.logprobs);
    const [p, t, l] = [await score(paligemma), await score(twin), await score(asLlama)];
    p.flat().forEach((v, i) => expect(v).toBeCloseTo(t.flat()[i]!, 4));
    expect(p.flat().some((v, i) => Math.abs(v - l.flat()[i]!) > 1e-3)).toBe(true);
    await plain.dispose();
    await shifted.dispose();
  });

  it('a graph without a position_ids input (it numbers positions from its cache) is read one prompt at a time: no left padding shifts it', async () => {
    const got = await answers(await OnnxModel.load('derive', build({ derivePositions: true })));
    expectClose(got, reference[0]!);
  });

  it('models inspect prints the base and why', async () => {
    const pali = await describeModelFolder(build({ config: { model_type: 'paligemma' } }));
    expect(pali.positionIds).toMatchObject({ input: true, base: 1 });
    const derive = await describeModelFolder(build({ derivePositions: true }));
    expect(derive.positionIds).toMatchObject({ input: false, base: 0 });
    const { describeText } = await import('../../src/cli/models.js');
    expect(describeText(pali)).toMatch(/position ids\s+from 1 at each prompt's first real token: PaliGemma/);
    expect(describeText(derive)).toMatch(/position ids\s+not an input/);
  });
});
