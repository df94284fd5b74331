import type { ModelSpec } from '../../config/benchmark-schema.js';
import { ModelError } from '../../errors.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodRequest, LoglikelihoodResult, Model, ModelInfo, RequestPrompt } from '../types.js';
import { HttpClient, HttpStatusError, type HttpClientOptions } from './client.js';
import { codePointLength, scoreEcho, type EchoScore } from './echo-score.js';
import { generateOne, type Endpoint } from './generate.js';
import { fingerprintServedModel, normalizeBaseUrl, resolveServedModel } from './identity.js';
import { completionResponse, parseResponse } from './schemas.js';

export interface HttpModelOptions extends HttpClientOptions {
  /** Default: the HELDOUT_API_KEY environment variable. */
  apiKey?: string;
}

/** What the backend reads from a benchmark's model entry. */
export type HttpModelSpec = Pick<ModelSpec, 'source' | 'api_model'> & { format?: ModelSpec['format'] };

/** A model behind an OpenAI-compatible server (vLLM, TGI, llama.cpp server), base URL `http(s)://host[:port]/v1`. */
export class HttpModel implements Model {
  /** Things the user should know about this model, said once (e.g. why it cannot score). */
  readonly warnings: string[];
  /** `max_tokens` for scoring requests: 0 unless the server rejects it (then 1, the extra token ignored). */
  private scoreMaxTokens = 0;

  /** The model id sent as `model` (spec.api_model, else the first listed by the server). */
  readonly servedModel: string;

  private constructor(readonly name: string, readonly info: ModelInfo, private readonly endpoint: Endpoint) {
    this.servedModel = endpoint.model;
    this.warnings = info.canScore ? [] : [
      `model "${name}" is served over HTTP in chat format, so it cannot be scored by log-likelihood `
      + '(the server applies its own chat template); rank-classification metrics (acc, acc_norm) are skipped for it',
    ];
  }

  static async create(name: string, spec: HttpModelSpec, opts: HttpModelOptions = {}): Promise<HttpModel> {
    const baseUrl = normalizeBaseUrl(spec.source);
    const client = new HttpClient(baseUrl, { ...opts, apiKey: opts.apiKey ?? process.env['HELDOUT_API_KEY'] });
    const served = await resolveServedModel(client, spec.api_model);
    const chat = spec.format === 'chat';
    const maxLen = served.entry?.['max_model_len'];
    const info: ModelInfo = {
      backend: 'http',
      source: baseUrl,
      fingerprint: fingerprintServedModel(baseUrl, served),
      maxContext: typeof maxLen === 'number' ? maxLen : undefined,
      // Whether the server has a template is its business; chat format trusts that it does.
      hasChatTemplate: chat,
      canScore: !chat,
    };
    return new HttpModel(name, info, { client, model: served.id });
  }

  /** Text prompts are sent as is; chat prompts as the messages the server will template (shown as JSON). */
  renderPrompt(prompt: RequestPrompt): string {
    return prompt.kind === 'text' ? prompt.text : JSON.stringify(prompt.messages);
  }

  generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    return Promise.all(requests.map((r) => generateOne(this.endpoint, r)));
  }

  loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]> {
    return Promise.all(requests.map((r) => this.scoreRequest(r)));
  }

  /** lm-evaluation-harness join: the context's trailing whitespace belongs to the continuation. */
  private async scoreRequest(request: LoglikelihoodRequest): Promise<LoglikelihoodResult> {
    if (request.context.kind === 'chat') {
      throw new ModelError(`model "${this.name}": chat prompts cannot be scored over HTTP (the server applies its own chat template)`, {
        hint: 'set this model\'s format to "plain" to score it, or skip the choice (rank-classification) metrics',
      });
    }
    const context = request.context.text;
    const trimmed = context.replace(/\s+$/u, '');
    if (!trimmed) {
      throw new ModelError(`model "${this.name}": cannot score continuations of an empty context over HTTP`, {
        hint: 'give the template some text before the answer',
      });
    }
    const contextLength = codePointLength(trimmed);
    const scores = await Promise.all(request.continuations.map((c) => this.scoreText(context + c, contextLength)));
    return {
      logprobs: scores.map((s) => s.logprob),
      tokens: scores.map((s) => s.tokens),
      greedy: scores.map((s) => s.greedy),
      truncatedTokens: 0,
    };
  }

  private async scoreText(prompt: string, contextLength: number): Promise<EchoScore> {
    const { client, model } = this.endpoint;
    const body = { model, prompt, echo: true, logprobs: 1, temperature: 0 };
    const maxTokens = this.scoreMaxTokens;
    let json: unknown;
    try {
      json = await client.post('/completions', { ...body, max_tokens: maxTokens });
    } catch (err) {
      const rejectedZero = err instanceof HttpStatusError && (err.status === 400 || err.status === 422) && maxTokens === 0;
      if (!rejectedZero) throw err;
      this.scoreMaxTokens = 1;
      json = await client.post('/completions', { ...body, max_tokens: 1 });
    }
    const url = `${client.baseUrl}/completions`;
    const res = parseResponse(completionResponse, json, url);
    return scoreEcho(res.choices[0]!.logprobs, contextLength, codePointLength(prompt), url);
  }

  async dispose(): Promise<void> {
    // Nothing is held open: fetch keeps no state we own.
  }
}
