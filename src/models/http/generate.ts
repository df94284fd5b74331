import { firstStop } from '../onnx/generate-loop.js';
import { ModelError } from '../../errors.js';
import { answerStart } from '../thinking.js';
import type { GenerateRequest, GenerateResult, ThinkingTags } from '../types.js';
import type { HttpClient } from './client.js';
import { chatResponse, completionResponse, parseResponse } from './schemas.js';

export interface Endpoint {
  client: HttpClient;
  /** The model id sent as `model`. */
  model: string;
}

type Finish = GenerateResult['finish'][number];
interface Answer { text: string; finish: Finish }

/** OpenAI allows at most four stop strings; the rest are applied here after the answer arrives. */
const MAX_SERVER_STOPS = 4;
/** Servers that ignore `n` answer one sample per call; ask again (new seed) this many times at most. */
const MAX_ROUNDS = 16;

/** One request: `/completions` for text prompts, `/chat/completions` for chat prompts. */
export async function generateOne(ep: Endpoint, request: GenerateRequest): Promise<GenerateResult> {
  const { temperature, n, seed } = request.sampling;
  // Greedy answers are all the same: ask once and repeat it, as the local backend does.
  const wanted = temperature > 0 ? n : 1;
  const answers: Answer[] = [];
  let promptTokens = 0;
  for (let round = 0; answers.length < wanted && round < MAX_ROUNDS; round++) {
    const got = await askOnce(ep, request, wanted - answers.length, seed + round * 7919);
    promptTokens = got.promptTokens;
    answers.push(...got.answers.slice(0, wanted - answers.length));
  }
  if (answers.length < wanted) {
    throw new ModelError(`${ep.client.baseUrl}: asked for ${wanted} samples, the server returned ${answers.length}`, {
      hint: 'use a server that honours `n`, or set generation.n to 1',
    });
  }
  const pick = (s: number) => answers[Math.min(s, answers.length - 1)]!;
  return {
    texts: Array.from({ length: n }, (_, s) => pick(s).text),
    finish: Array.from({ length: n }, (_, s) => pick(s).finish),
    promptTokens,
    truncatedTokens: 0,
  };
}

async function askOnce(ep: Endpoint, request: GenerateRequest, count: number, seed: number): Promise<{ answers: Answer[]; promptTokens: number }> {
  const { temperature, topP } = request.sampling;
  const body = {
    model: ep.model,
    max_tokens: request.maxNewTokens,
    temperature,
    top_p: topP,
    n: count,
    seed,
    // A reasoning reply must not end at a stop string inside its thinking section: stops are then applied here only.
    ...(request.stop.length && !request.thinking ? { stop: request.stop.slice(0, MAX_SERVER_STOPS) } : {}),
  };
  const { prompt } = request;
  if (prompt.kind === 'text') {
    const url = `${ep.client.baseUrl}/completions`;
    const res = parseResponse(completionResponse, await ep.client.post('/completions', { ...body, prompt: prompt.text }), url);
    const answers = byIndex(res.choices).map((c) => finishAnswer(c.text, request.stop, c.finish_reason, c.stop_reason, request.thinking));
    return { answers, promptTokens: res.usage?.prompt_tokens ?? 0 };
  }
  const url = `${ep.client.baseUrl}/chat/completions`;
  // vLLM (and others) pass chat_template_kwargs into the model's chat template, as transformers.js does locally.
  const kwargs = prompt.templateKwargs ? { chat_template_kwargs: prompt.templateKwargs } : {};
  const res = parseResponse(chatResponse, await ep.client.post('/chat/completions', { ...body, messages: prompt.messages, ...kwargs }), url);
  const answers = byIndex(res.choices).map((c) => finishAnswer(c.message.content ?? '', request.stop, c.finish_reason, c.stop_reason, request.thinking));
  return { answers, promptTokens: res.usage?.prompt_tokens ?? 0 };
}

function byIndex<T extends { index?: number }>(choices: T[]): T[] {
  return [...choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}

/**
 * Cut at the first stop string (servers differ in whether and how they apply them) and name why
 * the answer ended. `finish_reason: "stop"` covers both EOS and a stop string; vLLM's `stop_reason`
 * tells them apart (a string = stop string), and without it we say `eos`.
 */
export function finishAnswer(text: string, stops: string[], finishReason?: string | null, stopReason?: string | number | null, thinking?: ThinkingTags): Answer {
  // a server's template may open the section itself: then the reply holds a closing tag and no opening one
  const openedByPrompt = thinking ? text.includes(thinking.close) && !text.slice(0, text.indexOf(thinking.close)).includes(thinking.open) : false;
  const from = thinking ? answerStart(text, thinking, openedByPrompt) : 0;
  const cut = from < 0 ? -1 : firstStop(text.slice(from), stops);
  if (cut >= 0) return { text: text.slice(0, from + cut), finish: 'stop' };
  if (finishReason === 'length') return { text, finish: 'length' };
  if (typeof stopReason === 'string') return { text, finish: 'stop' };
  return { text, finish: 'eos' };
}
