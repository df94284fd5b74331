import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { CausalLM } from '../../src/models/onnx/causal-lm.js';
import { argmaxAt, logSoftmaxAt } from '../../src/models/onnx/tensors.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { ChatMessage, RequestPrompt } from '../../src/models/types.js';

/**
 * A small OpenAI-compatible server over the shipped ONNX models, for tests: `/v1/models`,
 * `/v1/completions` (greedy generation; `echo` + `logprobs` from one forward over the prompt)
 * and `/v1/chat/completions` (the tokenizer's chat template). Faults are queued per test.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'stall' }
  /** A canned 200 answer: garbage, or a well-formed body the server would not make itself. */
  | { kind: 'raw'; body: string };

export interface ServerSettings {
  /** Honour `echo` on /v1/completions (false: a server that returns no prompt log-probs). */
  echo: boolean;
  /** Refuse `max_tokens: 0` with 400, as some servers do. */
  rejectZeroMaxTokens: boolean;
}

export interface Hit { method: string; path: string; body: Record<string, unknown> | null; authorization?: string }

export interface OpenAIServer {
  /** Base URL, ending in /v1. */
  url: string;
  hits: Hit[];
  maxInFlight: number;
  settings: ServerSettings;
  /** Answer the next `times` requests with this fault instead. */
  fail(fault: Fault, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

interface Served { id: string; onnx: OnnxModel; lm: CausalLM; tokenizer: PreTrainedTokenizer; model: PreTrainedModel }

type Reply = { status: number; body: unknown; headers?: Record<string, string> } | 'stall';

export async function startOpenAIServer(models: { id: string; dir: string }[]): Promise<OpenAIServer> {
  const served: Served[] = [];
  for (const m of models) served.push(await loadServed(m.id, path.resolve(m.dir)));
  const faults: Fault[] = [];
  const work = pLimit(1); // one forward at a time: the sessions are shared
  let inFlight = 0;
  const state: OpenAIServer = {
    url: '', hits: [], maxInFlight: 0,
    settings: { echo: true, rejectZeroMaxTokens: false },
    fail: (fault, times = 1) => { for (let i = 0; i < times; i++) faults.push(fault); },
    reset: () => { faults.length = 0; state.hits.length = 0; state.maxInFlight = 0; state.settings = { echo: true, rejectZeroMaxTokens: false }; },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of served) { await s.onnx.dispose(); await s.model.dispose(); }
    },
  };
  const answer = async (req: http.IncomingMessage): Promise<Reply> => {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    state.hits.push({ method: req.method ?? '', path: req.url ?? '', body, authorization: req.headers.authorization });
    const fault = faults.shift();
    return fault ? faultReply(fault) : route(req.url ?? '', body, served, state.settings, work);
  };
  const server = http.createServer((req, res) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => { inFlight -= 1; });
    answer(req).catch((err: Error): Reply => ({ status: 400, body: { error: { message: err.message } } })).then((reply) => {
      if (reply === 'stall') return;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text);
    }, () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

async function loadServed(id: string, dir: string): Promise<Served> {
  const onnx = await OnnxModel.load(id, dir, { threads: 1 });
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir) + path.sep;
  const name = path.basename(dir);
  const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
  const model = await AutoModelForCausalLM.from_pretrained(name, { local_files_only: true, dtype: 'fp32' });
  const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  return { id, onnx, lm: new CausalLM(model, config), tokenizer, model };
}

function faultReply(fault: Fault): Reply {
  if (fault.kind === 'stall') return 'stall';
  if (fault.kind === 'raw') return { status: 200, body: fault.body };
  return {
    status: fault.status,
    body: fault.body ?? { error: { message: `injected HTTP ${fault.status}` } },
    headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : undefined,
  };
}

async function route(url: string, body: Record<string, unknown> | null, served: Served[], settings: ServerSettings, work: ReturnType<typeof pLimit>): Promise<Reply> {
  if (url === '/v1/models') return { status: 200, body: { object: 'list', data: served.map((s) => ({ id: s.id, object: 'model', created: Date.now(), owned_by: 'heldout-test' })) } };
  const model = served.find((s) => s.id === body?.['model']);
  if (!body || !model) return { status: 404, body: { error: { message: `model ${String(body?.['model'])} does not exist` } } };
  if (url === '/v1/completions') {
    const prompt = String(body['prompt']);
    if (body['echo'] === true && settings.echo) {
      const maxTokens = Number(body['max_tokens'] ?? 16);
      if (maxTokens === 0 && settings.rejectZeroMaxTokens) return { status: 400, body: { error: { message: 'max_tokens must be at least 1' } } };
      return { status: 200, body: { choices: [{ index: 0, text: prompt, finish_reason: 'length', logprobs: await work(() => echoLogprobs(model, prompt, maxTokens > 0)) }] } };
    }
    return work(() => generateReply(model, { kind: 'text', text: prompt }, body));
  }
  if (url === '/v1/chat/completions') return work(() => generateReply(model, { kind: 'chat', messages: body['messages'] as ChatMessage[] }, body));
  return { status: 404, body: { error: { message: `no route ${url}` } } };
}

async function generateReply(model: Served, prompt: RequestPrompt, body: Record<string, unknown>): Promise<Reply> {
  const stop = typeof body['stop'] === 'string' ? [body['stop']] : ((body['stop'] as string[] | undefined) ?? []);
  const [out] = await model.onnx.generate([{
    prompt, stop, maxNewTokens: Number(body['max_tokens'] ?? 16),
    sampling: { temperature: Number(body['temperature'] ?? 1), topP: Number(body['top_p'] ?? 1), n: Number(body['n'] ?? 1), seed: Number(body['seed'] ?? 0) },
  }]);
  const choices = out!.texts.map((text, index) => {
    const finish = out!.finish[index];
    const common = { index, finish_reason: finish === 'length' ? 'length' : 'stop', stop_reason: finish === 'stop' ? stop[0] : null };
    return prompt.kind === 'text' ? { ...common, text } : { ...common, message: { role: 'assistant', content: text } };
  });
  return { status: 200, body: { id: 'cmpl-test', object: 'text_completion', choices, usage: { prompt_tokens: out!.promptTokens } } };
}

/** Per-token log-probs of the prompt from one forward (first token: null), plus one greedy token when asked. */
async function echoLogprobs(model: Served, prompt: string, generateOne: boolean): Promise<Record<string, unknown>> {
  const ids = model.tokenizer.encode(prompt);
  const out = await model.lm.forward({ ids: [ids], mask: [ids.map(() => 1)], positions: [ids.map((_, i) => i)], past: null, keepLast: 0 });
  const decode = (t: number[]) => (t.length ? model.tokenizer.decode(t, { skip_special_tokens: false, clean_up_tokenization_spaces: false }) : '');
  const rowOffset = (i: number) => (out.positions - ids.length + i) * out.vocab;
  const tokens = ids.map((id) => decode([id]));
  const offsets = ids.map((_, i) => [...decode(ids.slice(0, i))].length);
  const logprobs: (number | null)[] = ids.map((id, i) => (i === 0 ? null : logSoftmaxAt(out.logits, rowOffset(i - 1), out.vocab, id)));
  const tops: (Record<string, number> | null)[] = ids.map((id, i) => {
    if (i === 0) return null;
    const best = argmaxAt(out.logits, rowOffset(i - 1), out.vocab);
    return { [tokens[i]!]: logprobs[i]!, [decode([best])]: logSoftmaxAt(out.logits, rowOffset(i - 1), out.vocab, best) };
  });
  if (generateOne) {
    const last = rowOffset(ids.length - 1);
    const best = argmaxAt(out.logits, last, out.vocab);
    const lp = logSoftmaxAt(out.logits, last, out.vocab, best);
    tokens.push(decode([best]));
    offsets.push([...decode(ids)].length);
    logprobs.push(lp);
    tops.push({ [decode([best])]: lp });
  }
  return { tokens, token_logprobs: logprobs, text_offset: offsets, top_logprobs: tops };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
