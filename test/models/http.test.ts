import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { HttpModel, type HttpModelOptions, type HttpModelSpec } from '../../src/models/http/http-model.js';
import { loadModel } from '../../src/models/load-model.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const MODELS = path.resolve(import.meta.dirname, '../../models');
const greedy = { temperature: 0, topP: 1, n: 1, seed: 7 };
const fast: HttpModelOptions = { backoffMs: 5, timeoutMs: 20_000 };

let server: OpenAIServer;
let refBase: OnnxModel;
let refTuned: OnnxModel;

beforeAll(async () => {
  // Server and references load the same files in one go, so a rebuild of models/ cannot split them.
  server = await startOpenAIServer([
    { id: 'tiny-base', dir: path.join(MODELS, 'tiny-base') },
    { id: 'tiny-tuned', dir: path.join(MODELS, 'tiny-tuned') },
  ]);
  refBase = await OnnxModel.load('ref-base', path.join(MODELS, 'tiny-base'), { threads: 1 });
  refTuned = await OnnxModel.load('ref-tuned', path.join(MODELS, 'tiny-tuned'), { threads: 1 });
});

afterAll(async () => {
  await server?.close();
  await refBase?.dispose();
  await refTuned?.dispose();
});

afterEach(() => server.reset());

const base = (opts: HttpModelOptions = {}, spec: Partial<HttpModelSpec> = {}) =>
  HttpModel.create('base', { source: server.url, format: 'plain', ...spec }, { ...fast, ...opts });

function textRequest(text: string, stop = ['\n'], maxNewTokens = 20): GenerateRequest {
  return { prompt: { kind: 'text', text }, maxNewTokens, stop, sampling: greedy };
}

const PROMPTS = [
  'Passage: Ian has a yellow rabbit. Ian likes to eat noodles.\nQuestion: What does Ian like to eat?\nShort answer:',
  'Review: The plums were great. The staff were polite.\nIs this review positive or negative?',
  'News: Snow fell in Pinecliff on Thursday. The roads were white.\nTopic (sports, weather, music, farming):',
  'Kate has an orange dog. Kate',
  'Write a function in JavaScript. Signature: twice(value). It returns value times two.',
];

const CHOICE_ITEMS: LoglikelihoodRequest[] = [
  { context: { kind: 'text', text: 'Review: The plums were great. The staff were polite.\nIs this review positive or negative?\nAnswer:' }, continuations: [' positive', ' negative'] },
  { context: { kind: 'text', text: 'Sentiment of "The carrots were too salty. The staff were rude.": ' }, continuations: ['positive', 'negative'] },
  { context: { kind: 'text', text: 'News: The Fairport swim club had a match on Saturday. Ian won a medal.\nTopic:' }, continuations: [' sports', ' weather', ' music', ' farming'] },
  { context: { kind: 'text', text: 'Passage: Kate has an orange dog.\nQuestion: What colour is Kate\'s dog?\nAnswer:\n' }, continuations: ['orange', 'a blue bird', 'six bags'] },
];

/** The server answers one request at a time; so does the reference (no padding differences). */
async function oneByOne(model: OnnxModel, requests: GenerateRequest[]) {
  const out = [];
  for (const r of requests) out.push(...(await model.generate([r])));
  return out;
}

function expectScoresMatch(got: Awaited<ReturnType<OnnxModel['loglikelihood']>>, want: typeof got): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(g.tokens).toEqual(w.tokens);
    expect(g.greedy).toEqual(w.greedy);
    g.logprobs.forEach((lp, j) => expect(Math.abs(lp - w.logprobs[j]!)).toBeLessThan(1e-4));
  });
}

describe('HttpModel against an OpenAI-compatible server over the shipped models', () => {
  it('generates what the local ONNX backend generates, greedy, with at most `concurrency` requests in flight', async () => {
    const model = await base({ concurrency: 2 });
    const requests = [...PROMPTS.map((p) => textRequest(p)), textRequest(PROMPTS[3]!, [], 12)];
    const viaHttp = await model.generate(requests);
    const local = await oneByOne(refBase, requests);
    expect(viaHttp.map((r) => r.texts)).toEqual(local.map((r) => r.texts));
    expect(viaHttp.map((r) => r.finish)).toEqual(local.map((r) => r.finish));
    expect(viaHttp[0]!.promptTokens).toBe(local[0]!.promptTokens);
    expect(viaHttp.some((r) => r.texts[0]!.length > 0)).toBe(true);
    expect(server.maxInFlight).toBe(2);
    const sent = server.hits.find((h) => h.path === '/v1/completions')!.body!;
    expect(sent).toMatchObject({ model: 'tiny-base', max_tokens: 20, temperature: 0, top_p: 1, n: 1, seed: 7, stop: ['\n'] });
  });

  it('asks for n samples when sampling, and repeats a greedy answer n times from one request', async () => {
    const model = await base();
    const sampled = { ...textRequest(PROMPTS[3]!, [], 6), sampling: { temperature: 1, topP: 1, n: 3, seed: 11 } };
    const greedyN = { ...textRequest(PROMPTS[3]!, [], 6), sampling: { ...greedy, n: 3 } };
    const [a, b] = await model.generate([sampled, greedyN]);
    expect(a!.texts).toHaveLength(3);
    expect(b!.texts).toEqual(Array(3).fill(b!.texts[0]));
    expect(server.hits.filter((h) => h.path === '/v1/completions').map((h) => h.body!['n']).sort()).toEqual([1, 3]);
  });

  it('sends chat prompts to /chat/completions, matches local chat generation, and declares it cannot score', async () => {
    const model = await HttpModel.create('tuned', { source: server.url, format: 'chat', api_model: 'tiny-tuned' }, fast);
    const requests: GenerateRequest[] = PROMPTS.slice(0, 3).map((text) => ({
      prompt: { kind: 'chat', messages: [{ role: 'user', content: text }] }, maxNewTokens: 24, stop: [], sampling: greedy,
    }));
    const [viaHttp, local] = [await model.generate(requests), await oneByOne(refTuned, requests)];
    expect(viaHttp.map((r) => r.texts)).toEqual(local.map((r) => r.texts));
    expect(server.hits.filter((h) => h.path === '/v1/chat/completions')).toHaveLength(3);
    expect(model.info.canScore).toBe(false);
    expect(model.warnings).toHaveLength(1);
    expect(model.warnings[0]).toMatch(/cannot be scored/);
    await expect(model.loglikelihood([{ context: requests[0]!.prompt, continuations: ['x'] }])).rejects.toThrow(ModelError);
  });

  it('scores choice items like the local backend (echo + logprobs, max_tokens 0)', async () => {
    const model = await base();
    expect(model.info.canScore).toBe(true);
    // One continuation is the model's own greedy next token, so `greedy: true` is checked too.
    const context = 'Kate has an orange dog. Kate';
    const [next] = await refBase.generate([textRequest(context, [], 1)]);
    const items = [...CHOICE_ITEMS, { context: { kind: 'text' as const, text: context }, continuations: [next!.texts[0] || ' has', ' zebra'] }];
    const want = await refBase.loglikelihood(items);
    expect(want.at(-1)!.greedy[0]).toBe(true);
    expectScoresMatch(await model.loglikelihood(items), want);
    const scoring = server.hits.filter((h) => h.body?.['echo'] === true);
    expect(scoring).toHaveLength(13);
    expect(scoring.every((h) => h.body!['max_tokens'] === 0 && h.body!['logprobs'] === 1)).toBe(true);
  });

  it('falls back to max_tokens 1 when the server refuses 0, ignoring the generated token', async () => {
    server.settings.rejectZeroMaxTokens = true;
    const model = await base();
    expectScoresMatch(await model.loglikelihood(CHOICE_ITEMS.slice(0, 2)), await refBase.loglikelihood(CHOICE_ITEMS.slice(0, 2)));
    expect(server.hits.some((h) => h.body?.['max_tokens'] === 1)).toBe(true);
  });

  it('says a server without prompt logprobs cannot score, and what to do', async () => {
    server.settings.echo = false;
    const model = await base();
    const err = await model.loglikelihood(CHOICE_ITEMS.slice(0, 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toMatch(/cannot score/);
    expect((err as ModelError).hint).toMatch(/echo.*vLLM.*chat/);
  });

  it('cuts at stop strings itself when the server does not', async () => {
    const model = await base();
    server.fail({ kind: 'raw', body: JSON.stringify({ choices: [{ index: 0, text: 'noodles\nQuestion: why', finish_reason: 'length' }] }) });
    const [out] = await model.generate([textRequest('x')]);
    expect(out).toMatchObject({ texts: ['noodles'], finish: ['stop'] });
  });
});

describe('HttpModel failures', () => {
  it('retries 503s with backoff and then succeeds', async () => {
    const model = await base();
    server.fail({ kind: 'status', status: 503 }, 3);
    const [out] = await model.generate([textRequest(PROMPTS[0]!)]);
    const [want] = await refBase.generate([textRequest(PROMPTS[0]!)]);
    expect(out!.texts).toEqual(want!.texts);
    expect(server.hits.filter((h) => h.path === '/v1/completions')).toHaveLength(4);
  });

  it('gives up after 4 tries with a ModelError naming the URL and the status', async () => {
    const model = await base();
    server.fail({ kind: 'status', status: 502 }, 4);
    await expect(model.generate([textRequest('x')])).rejects.toThrow(/\/v1\/completions failed after 4 tries: HTTP 502/);
  });

  it('honours Retry-After on 429', async () => {
    const model = await base();
    server.fail({ kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    await model.generate([textRequest('Kate', [], 2)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.hits.filter((h) => h.path === '/v1/completions')).toHaveLength(2);
  });

  it('never retries a 4xx other than 429, and passes on the server\'s message', async () => {
    const model = await base();
    server.fail({ kind: 'status', status: 400, body: JSON.stringify({ error: { message: 'prompt is too long' } }) }, 4);
    await expect(model.generate([textRequest('x')])).rejects.toThrow(/refused: HTTP 400: prompt is too long/);
    expect(server.hits.filter((h) => h.path === '/v1/completions')).toHaveLength(1);
  });

  it('times out a stalled server with a ModelError', async () => {
    const model = await base({ timeoutMs: 300, maxTries: 2 });
    server.fail({ kind: 'stall' }, 2);
    const started = Date.now();
    const err = await model.generate([textRequest('x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/failed after 2 tries: no answer within 0.3 s \(timed out\)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('turns garbage into a ModelError that names the URL and what was wrong', async () => {
    const model = await base();
    server.fail({ kind: 'raw', body: '<html>502 Bad Gateway</html>' });
    await expect(model.generate([textRequest('x')])).rejects.toThrow(/127\.0\.0\.1:\d+\/v1\/completions answered HTTP 200 with a body that is not JSON: <html>/);
    server.fail({ kind: 'raw', body: JSON.stringify({ choices: [{ index: 0 }] }) });
    await expect(model.generate([textRequest('x')])).rejects.toThrow(/\/v1\/completions sent a response that is not OpenAI-compatible: choices\.0\.text/);
    server.fail({ kind: 'raw', body: JSON.stringify({ choices: [] }) });
    await expect(model.generate([textRequest('x')])).rejects.toThrow(ModelError);
  });

  it('sends the API key as a bearer token and never shows it in errors', async () => {
    const key = 'sk-heldout-test-0123456789';
    const previous = process.env['HELDOUT_API_KEY'];
    process.env['HELDOUT_API_KEY'] = key;
    try {
      const model = await base();
      expect(server.hits[0]!.authorization).toBe(`Bearer ${key}`);
      server.fail({ kind: 'status', status: 401, body: JSON.stringify({ error: { message: `invalid key ${key}` } }) });
      const refused = (await model.generate([textRequest('x')]).catch((e: unknown) => e)) as ModelError;
      server.fail({ kind: 'raw', body: `bad gateway for Bearer ${key}` });
      const garbage = (await model.generate([textRequest('x')]).catch((e: unknown) => e)) as ModelError;
      for (const err of [refused, garbage]) {
        expect(err).toBeInstanceOf(ModelError);
        expect(`${err.message} ${err.hint} ${String(err.cause)} ${JSON.stringify(err)}`).not.toContain(key);
      }
      expect(refused.message).toContain('invalid key ***');
      expect(refused.hint).toMatch(/HELDOUT_API_KEY/);
    } finally {
      if (previous === undefined) delete process.env['HELDOUT_API_KEY'];
      else process.env['HELDOUT_API_KEY'] = previous;
    }
  });
});

describe('HttpModel identity', () => {
  it('asks the first listed model unless api_model names one, and checks that it is served', async () => {
    expect((await base()).servedModel).toBe('tiny-base');
    expect((await base({}, { api_model: 'tiny-tuned' })).servedModel).toBe('tiny-tuned');
    await expect(base({}, { api_model: 'gpt-9' })).rejects.toThrow(/does not serve a model "gpt-9" \(it serves "tiny-base", "tiny-tuned"\)/);
  });

  it('has a fingerprint that is stable across connections and differs per model', async () => {
    const [a, b, c] = [await base(), await base(), await base({}, { api_model: 'tiny-tuned' })];
    expect(a.info.fingerprint).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(b.info.fingerprint).toBe(a.info.fingerprint);
    expect(c.info.fingerprint).not.toBe(a.info.fingerprint);
  });

  it('is what loadModel opens for http(s) sources; a server that is down is a ModelError', async () => {
    const model = await loadModel('served', { source: `${server.url}/`, format: 'plain', shots: 0, dtype: 'fp32' }, { baseDir: process.cwd() });
    expect(model).toBeInstanceOf(HttpModel);
    expect(model.info).toMatchObject({ backend: 'http', source: server.url, canScore: true });
    const down = HttpModel.create('down', { source: 'http://127.0.0.1:9/v1' }, { backoffMs: 1, maxTries: 2 });
    await expect(down).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:9\/v1\/models failed after 2 tries/);
  });
});

describe('chat options over HTTP', () => {
  it('sends chat_template_kwargs with a chat request; with thinking tags, stop strings are applied after the section, not by the server', async () => {
    const tuned = await HttpModel.create('tuned', { source: server.url, format: 'chat', api_model: 'tiny-tuned' }, fast);
    const messages = [{ role: 'user' as const, content: 'Review: The plums were great.\nIs this review positive or negative?' }];
    await tuned.generate([{ prompt: { kind: 'chat', messages, templateKwargs: { enable_thinking: false } }, maxNewTokens: 4, stop: ['\n'], sampling: greedy,
      thinking: { open: '<think>', close: '</think>' } }]);
    const body = server.hits.find((h) => h.path.endsWith('/chat/completions'))!.body!;
    expect(body['chat_template_kwargs']).toEqual({ enable_thinking: false });
    expect(body['stop']).toBeUndefined();
    await tuned.dispose();
  });
});
