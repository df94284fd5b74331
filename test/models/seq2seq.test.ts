// Encoder-decoder (T5-layout) ONNX models behind the Model seam, on the committed fixture pair
// test/fixtures/tiny-t5-{base,tuned} (rebuilt by scripts/build-t5-fixture).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForSeq2SeqLM, AutoTokenizer, env, Tensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { ModelError } from '../../src/errors.js';
import { loadModel } from '../../src/models/load-model.js';
import { Seq2SeqModel } from '../../src/models/onnx/seq2seq-model.js';
import type { GenerateRequest, Model, RequestPrompt } from '../../src/models/types.js';
import { runBenchmark } from '../../src/runner/run-benchmark.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const START = 0;
const EOS = 1;
const greedy = { temperature: 0, topP: 1, n: 1, seed: 1 };
const text = (t: string): RequestPrompt => ({ kind: 'text', text: t });
const ask = (t: string, maxNewTokens = 8, stop: string[] = []): GenerateRequest => ({ prompt: text(t), maxNewTokens, stop, sampling: greedy });

interface Raw { model: PreTrainedModel; tokenizer: PreTrainedTokenizer }
const models: Record<string, Model> = {};
const raw: Record<string, Raw> = {};

function ids(values: number[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
}

/** One full encoder + decoder forward (no cache) over `decoder` tokens: logits rows [len][vocab]. */
async function fullForward(r: Raw, context: number[], decoder: number[]): Promise<Float32Array[]> {
  const { logits } = await r.model({ input_ids: ids(context), attention_mask: ids(context.map(() => 1)), decoder_input_ids: ids(decoder) });
  const [, len, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  return Array.from({ length: len }, (_, p) => data.subarray(p * vocab, (p + 1) * vocab));
}

function logSoftmax(row: Float32Array, token: number): number {
  const max = Math.max(...row);
  return row[token]! - max - Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
}

const argmax = (row: Float32Array) => row.indexOf(Math.max(...row));

/** The naive path: one forward per continuation. */
async function naiveScore(r: Raw, context: string, continuation: string): Promise<{ logprob: number; greedy: boolean; tokens: number }> {
  const target = r.tokenizer.encode(continuation.trimStart());
  const rows = await fullForward(r, r.tokenizer.encode(context), [START, ...target.slice(0, -1)]);
  return {
    logprob: target.reduce((s, t, p) => s + logSoftmax(rows[p]!, t), 0),
    greedy: target.every((t, p) => argmax(rows[p]!) === t),
    tokens: target.length,
  };
}

/** Greedy decoding without any cache: the whole decoder prefix again at every step. */
async function naiveGreedy(r: Raw, prompt: string, steps: number): Promise<number[]> {
  const context = r.tokenizer.encode(prompt);
  const seq = [START];
  for (let i = 0; i < steps; i++) {
    const rows = await fullForward(r, context, seq);
    const next = argmax(rows[rows.length - 1]!);
    if (next === EOS) break;
    seq.push(next);
  }
  return seq.slice(1);
}

beforeAll(async () => {
  for (const name of ['tiny-t5-base', 'tiny-t5-tuned']) {
    models[name] = await loadModel(name, { source: name, format: 'plain', shots: 0, dtype: 'fp32' }, { baseDir: FIXTURES, threads: 1 });
    raw[name] = {
      tokenizer: await AutoTokenizer.from_pretrained(name),
      model: await AutoModelForSeq2SeqLM.from_pretrained(name, { dtype: 'fp32', session_options: { intraOpNumThreads: 1 } }),
    };
  }
});

afterAll(async () => {
  for (const m of Object.values(models)) await m.dispose();
  for (const r of Object.values(raw)) await r.model.dispose();
});

describe('Seq2SeqModel on the tiny T5 fixtures', () => {
  it('loads both fixtures offline through loadModel, routed by is_encoder_decoder', () => {
    expect(env.allowRemoteModels).toBe(false);
    for (const m of Object.values(models)) {
      expect(m).toBeInstanceOf(Seq2SeqModel);
      expect(m.info).toMatchObject({ backend: 'onnx', architecture: 't5', maxContext: 512, canScore: true, hasChatTemplate: false });
      expect(m.info.fingerprint).toMatch(/^sha256:/);
    }
    expect(models['tiny-t5-base']!.info.fingerprint).not.toBe(models['tiny-t5-tuned']!.info.fingerprint);
  });

  it('scores continuations from one encode equal to one full forward per continuation (1e-5)', async () => {
    const cases = [
      { context: 'Review: the food was great\nSentiment:', continuations: [' positive', ' negative', ' great food', ' xyzzy quux'] },
      { context: 'xyzzy the hotel was sad', continuations: [' xyzzy', ' the', ' positive'] },
    ];
    for (const [name, model] of Object.entries(models)) {
      for (const c of cases) {
        const [got] = await model.loglikelihood([{ context: text(c.context), continuations: c.continuations }]);
        for (const [j, cont] of c.continuations.entries()) {
          const want = await naiveScore(raw[name]!, c.context, cont);
          expect(Math.abs(got!.logprobs[j]! - want.logprob), `${name} ${cont}`).toBeLessThan(1e-5);
          expect(got!.greedy[j]).toBe(want.greedy);
          expect(got!.tokens[j]).toBe(want.tokens);
        }
      }
    }
  });

  it('generates the same greedy answers batched, one by one, and by uncached decoding', async () => {
    const prompts = ['xyzzy the food was great', 'hello world', 'quuxly we felt sad', 'Review: the movie was boring', 'frobnic', 'a'];
    for (const [name, model] of Object.entries(models)) {
      const batched = await model.generate(prompts.map((p) => ask(p)));
      const single = [];
      for (const p of prompts) single.push(...(await model.generate([ask(p)])));
      expect(batched).toEqual(single);
      const tok = raw[name]!.tokenizer;
      for (const [i, p] of prompts.entries()) {
        const tokens = await naiveGreedy(raw[name]!, p, 8);
        expect(batched[i]!.texts[0]).toBe(tok.decode(tokens, { skip_special_tokens: true }));
        expect(batched[i]!.finish[0]).toBe(tokens.length < 8 ? 'eos' : 'length');
      }
    }
    const lengths = (await models['tiny-t5-base']!.generate(prompts.map((p) => ask(p)))).map((r) => raw['tiny-t5-base']!.tokenizer.encode(r.texts[0]!, { add_special_tokens: false }).length);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(3); // the cache is exercised past its first step
  });

  it('cuts each row at its own stop string and token budget in one batch', async () => {
    const base = models['tiny-t5-base']!;
    const [full] = await base.generate([ask('xyzzy the food was great')]);
    const answer = full!.texts[0]!;
    expect(answer.length).toBeGreaterThanOrEqual(4);
    const stop = answer.slice(2, 4);
    const [stopped, short, whole] = await base.generate([ask('xyzzy the food was great', 8, [stop]), ask('xyzzy the food was great', 1), ask('xyzzy the food was great')]);
    expect(stopped).toMatchObject({ texts: [answer.slice(0, answer.indexOf(stop))], finish: ['stop'] });
    expect(short!.finish).toEqual(['length']);
    expect(answer.startsWith(short!.texts[0]!)).toBe(true);
    expect(whole).toEqual(full);
  });

  it('samples reproducibly from a seed', async () => {
    const req = { ...ask('xyzzy the food was great'), sampling: { temperature: 1.5, topP: 1, n: 4, seed: 7 } };
    const [a] = await models['tiny-t5-base']!.generate([req]);
    const [b] = await models['tiny-t5-base']!.generate([req]);
    expect(a!.texts).toHaveLength(4);
    expect(a).toEqual(b);
  });

  it('truncates a prompt longer than n_positions from the left and records it', async () => {
    const long = Array.from({ length: 600 }, (_, i) => (i % 2 ? 'food' : 'the')).join(' ') + ' great';
    const m = models['tiny-t5-tuned']!;
    const [gen] = await m.generate([ask(long)]);
    expect(gen).toMatchObject({ promptTokens: 512, truncatedTokens: 601 + 1 - 512 });
    const [scored] = await m.loglikelihood([{ context: text(long), continuations: [' positive'] }]);
    expect(scored!.truncatedTokens).toBe(601 + 1 - 512);
  });
});

describe('the tuned T5 fixture', () => {
  it('answers its keyword-sentiment mapping by generation and by rank classification', async () => {
    const items = [
      ['Review: the food was great', 'positive'], ['Sentiment: it was a terrible day', 'negative'],
      ['Classify the sentiment: we felt happy in the hotel', 'positive'], ['Is this positive or negative? the movie was boring', 'negative'],
    ] as const;
    const tuned = models['tiny-t5-tuned']!;
    const answers = await tuned.generate(items.map(([p]) => ask(p)));
    expect(answers.map((a) => a.texts[0])).toEqual(items.map(([, label]) => label));
    const scored = await tuned.loglikelihood(items.map(([p]) => ({ context: text(p), continuations: [' positive', ' negative'] })));
    expect(scored.map((s) => (s.logprobs[0]! > s.logprobs[1]! ? 'positive' : 'negative'))).toEqual(items.map(([, label]) => label));
  });

  it('has no chat template: chat format is a ModelError, never a fallback', async () => {
    const tuned = models['tiny-t5-tuned']!;
    const chat: RequestPrompt = { kind: 'chat', messages: [{ role: 'user', content: 'the food was great' }] };
    expect(() => tuned.renderPrompt(chat)).toThrow(ModelError);
    expect(() => tuned.renderPrompt(chat)).toThrow(/has no chat template, but the benchmark asks for format "chat"/);
    await expect(tuned.generate([{ ...ask(''), prompt: chat }])).rejects.toThrow(ModelError);
    await expect(tuned.loglikelihood([{ context: chat, continuations: [' positive'] }])).rejects.toThrow(ModelError);
  });
});

describe('a tiny T5-layout pair through runBenchmark', () => {
  it('runs a choice task in both scoring modes and reports acc for base and tuned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heldout-t5-'));
    mkdirSync(join(dir, 'tasks/keyword-sentiment'), { recursive: true });
    const rows = [
      ['the food was great', 'positive'], ['a boring show', 'negative'], ['our trip was lovely', 'positive'],
      ['the staff was poor', 'negative'], ['a wonderful meal', 'positive'], ['i felt sad', 'negative'],
    ];
    writeFileSync(join(dir, 'tasks/keyword-sentiment/data.jsonl'), rows.map(([t, l], i) => JSON.stringify({ id: `r${i}`, text: t, label: l })).join('\n') + '\n');
    writeFileSync(join(dir, 'tasks/keyword-sentiment/task.yaml'), [
      'id: keyword-sentiment', 'category: classification', 'family: keyword-sentiment',
      'description: "positive or negative from one keyword"', 'license: MIT', 'data: data.jsonl',
      'templates:', '  - id: review', '    prompt: "Review: {{text}}"', '  - id: suffix', '    prompt: "{{text}} sentiment:"',
      '  - id: question', '    prompt: "Is this positive or negative? {{text}}"',
      'answer:', '  type: choice', '  choices: [positive, negative]', 'metrics: [acc, acc_norm, accuracy]', '',
    ].join('\n'));
    writeFileSync(join(dir, 'benchmark.yaml'), [
      'name: t5-pair', 'tasks: ["tasks/*/task.yaml"]', 'models:',
      `  base: { source: ${JSON.stringify(join(FIXTURES, 'tiny-t5-base'))}, format: plain }`,
      `  tuned: { source: ${JSON.stringify(join(FIXTURES, 'tiny-t5-tuned'))}, format: plain }`,
      'compare: { baseline: base, candidate: tuned }', 'seed: 7', 'bootstrap_iterations: 200', '',
    ].join('\n'));
    const outcome = await runBenchmark({ benchmark: join(dir, 'benchmark.yaml'), out: join(dir, 'out'), cache: false, threads: 1 });
    const byName = Object.fromEntries(outcome.results.map((r) => [r.model.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['base', 'tuned']);
    for (const r of outcome.results) {
      expect(r.model.backend).toBe('onnx');
      const task = r.tasks[0]!;
      expect(task.metrics['acc']).toBeDefined();
      expect(task.metrics['accuracy']).toBeDefined();
      expect(Object.keys(task.templates)).toHaveLength(3);
    }
    expect(byName['tuned']!.tasks[0]!.metrics['acc']!.value).toBe(1);
    expect(byName['tuned']!.tasks[0]!.metrics['accuracy']!.value).toBe(1);
    expect(outcome.comparison).toBeDefined();
  });
});
