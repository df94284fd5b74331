/**
 * Choices of one token each are scored from the contexts' last logits alone, so their forwards
 * fetch no key/value cache from onnxruntime (issue #13: on a real checkpoint the `present.*` of a
 * batch of long contexts are hundreds of MB copied out per forward and never read).
 */
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { encodeText, splitContinuation } from '../../src/models/onnx/text.js';
import type { LoglikelihoodRequest } from '../../src/models/types.js';
import { ROOT } from '../helpers/paths.js';

type Run = (feeds: unknown, fetches?: string[]) => Promise<unknown>;

describe('choice scoring that needs no cache', () => {
  let model: OnnxModel;
  let fetched: (string[] | undefined)[] = [];
  const contexts = [
    'Review: the soup was warm and the staff were kind.\nSentiment:',
    'Review: we waited an hour and the bread was stale.\nSentiment:',
    'A long instruction that every item of this template repeats, word for word, before the item. Review: fine.\nSentiment:',
    'A long instruction that every item of this template repeats, word for word, before the item. Review: awful.\nSentiment:',
  ];
  let single: string[] = [];
  let multi = '';

  beforeAll(async () => {
    model = await OnnxModel.load('base', path.join(ROOT, 'models/tiny-base'), { batchSize: 16 });
    const session = (model as unknown as { model: { sessions: Record<string, { run: Run }> } }).model.sessions['model']!;
    const run = session.run.bind(session);
    session.run = (feeds, fetches) => { fetched.push(fetches); return run(feeds, fetches); };
    env.localModelPath = path.join(ROOT, 'models') + path.sep;
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-base', { local_files_only: true });
    const length = (c: string) => splitContinuation(contexts[0]!, [c], (t) => encodeText(tokenizer, t, true), 0).continuations[0]!.length;
    const words = [' the', ' a', ' good', ' bad', ' yes', ' no', ' and', ' it', ' was', ' is', ' to', ' of'];
    single = words.filter((w) => length(w) === 1).slice(0, 3);
    multi = [' wonderfully surprising', ' positively', ' negatively'].find((w) => length(w) > 1)!;
  });
  afterAll(async () => { await model?.dispose(); });

  const ask = (continuations: string[]): LoglikelihoodRequest[] => contexts.map((text) => ({ context: { kind: 'text', text }, continuations }));

  it('fetches logits only when every choice is one token, and scores as a cached pass does', async () => {
    expect(single.length).toBeGreaterThanOrEqual(2);
    expect(multi).toBeDefined();
    fetched = [];
    const alone = await model.loglikelihood(ask(single));
    expect(fetched.length).toBeGreaterThan(0);
    // the one forward that keeps its cache reads the instruction two contexts share, for their tails to start from
    expect(fetched.filter((f) => f === undefined)).toHaveLength(1);
    expect(fetched.filter((f) => f !== undefined).every((f) => f!.length === 1 && f![0] === 'logits')).toBe(true);

    // one longer choice beside them: the contexts' cache is kept (and read) again
    fetched = [];
    const withLong = await model.loglikelihood(ask([...single, multi]));
    expect(fetched.filter((f) => f === undefined).length).toBeGreaterThan(1);
    alone.forEach((r, i) => {
      r.logprobs.forEach((lp, j) => expect(Math.abs(lp - withLong[i]!.logprobs[j]!)).toBeLessThan(1e-5));
      expect(r.greedy).toEqual(withLong[i]!.greedy.slice(0, single.length));
    });
  });
});
