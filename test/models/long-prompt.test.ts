/**
 * A data line far longer than the context (a 50 MB line took minutes per request to tokenize,
 * found by the hostile campaign): the prompt is cut to its end by characters before it is
 * tokenized, and what the model reads is what cutting the whole prompt's tokens would have kept.
 */
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { ROOT } from '../helpers/paths.js';

const words = ['river', 'stone', 'quiet', 'lamp', 'orange', 'seven', 'market', 'the', 'a', 'blue'];
const longText = (chars: number) => {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) { const w = words[(i * 7 + (i >> 3)) % words.length]!; out.push(w); n += w.length + 1; }
  return out.join(' ');
};

describe('a prompt far longer than the context', () => {
  let model: OnnxModel;
  let count: (text: string) => number;
  beforeAll(async () => {
    model = await OnnxModel.load('base', path.join(ROOT, 'models/tiny-base'), { threads: 1 });
    env.localModelPath = path.join(ROOT, 'models') + path.sep;
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-base', { local_files_only: true });
    count = (text) => tokenizer.encode(text).length;
  });
  afterAll(async () => { await model?.dispose(); });

  it('reads the same tokens as cutting the whole prompt, and counts the cut tokens within 2%', async () => {
    const huge = `${longText(300_000)} Question: what is the colour? Answer:`;
    const tailOnly = huge.slice(huge.length - 20_000);
    const ask = (text: string): GenerateRequest => ({ prompt: { kind: 'text', text }, maxNewTokens: 6, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 0 } });
    const [a, b] = await model.generate([ask(huge), ask(tailOnly)]);
    expect(a!.texts).toEqual(b!.texts);
    expect(a!.promptTokens).toBe(b!.promptTokens);
    const truth = count(huge) - a!.promptTokens;
    expect(Math.abs(a!.truncatedTokens - truth) / truth).toBeLessThan(0.02);
    const [s] = await model.loglikelihood([{ context: { kind: 'text', text: huge }, continuations: [' blue', ' red'] }]);
    const [t] = await model.loglikelihood([{ context: { kind: 'text', text: tailOnly }, continuations: [' blue', ' red'] }]);
    s!.logprobs.forEach((lp, i) => expect(Math.abs(lp - t!.logprobs[i]!)).toBeLessThan(1e-5));
    expect(Math.abs(s!.truncatedTokens - truth) / truth).toBeLessThan(0.02);
  });

  it('a prompt that fits is read whole, as before', async () => {
    const text = `${longText(300)} Answer:`;
    const [g] = await model.generate([{ prompt: { kind: 'text', text }, maxNewTokens: 4, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 0 } }]);
    expect(g!.truncatedTokens).toBe(0);
    expect(g!.promptTokens).toBe(count(text));
  });
});
