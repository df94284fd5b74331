import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { ROOT } from '../helpers/cli.js';

// Found on benchmarks/public.yaml: a choice item whose context is cut to the model's 512 positions,
// scored in one forward with another item's longer continuation, asked for position 512 (onnxruntime:
// "indices element out of data bounds" in the position embedding).
describe('choice scoring next to a context that fills the model', () => {
  let model: OnnxModel;
  beforeAll(async () => { model = await OnnxModel.load('base', path.join(ROOT, 'models/tiny-base'), { batchSize: 16 }); });
  afterAll(async () => { await model?.dispose(); });

  it('scores both items, each as it scores alone', async () => {
    const long = { context: { kind: 'text' as const, text: 'the cat sat on the mat. '.repeat(400) }, continuations: [' yes it did', ' no'] };
    const short = { context: { kind: 'text' as const, text: 'Question: what colour is the sky?\nAnswer:' }, continuations: [' blue and bright and wide open over the town', ' red'] };
    const [a, b] = await model.loglikelihood([long, short]);
    expect(a!.truncatedTokens).toBeGreaterThan(0);
    const [aloneA] = await model.loglikelihood([long]);
    const [aloneB] = await model.loglikelihood([short]);
    a!.logprobs.forEach((v, i) => expect(v).toBeCloseTo(aloneA!.logprobs[i]!, 4));
    b!.logprobs.forEach((v, i) => expect(v).toBeCloseTo(aloneB!.logprobs[i]!, 4));
  });
});
