import pLimit, { type LimitFunction } from 'p-limit';
import { ModelError } from '../../errors.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from './retry.js';

export interface HttpClientOptions {
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Per attempt, in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  maxTries?: number;
  /** First backoff step in milliseconds (default 500); doubles per retry. */
  backoffMs?: number;
  /** Sent as `Authorization: Bearer …`; never appears in errors. */
  apiKey?: string;
}

/** A request the server refused with a status that retrying cannot fix (4xx other than 429). */
export class HttpStatusError extends ModelError {
  constructor(message: string, readonly status: number, opts: { hint?: string } = {}) {
    super(message, opts);
  }
}

type Attempt = { ok: true; json: unknown } | { ok: false; problem: string; retryAfterMs?: number; cause?: unknown };

/** JSON over HTTP with a concurrency limit, per-attempt timeouts and retries with backoff. */
export class HttpClient {
  private readonly limit: LimitFunction;
  private readonly timeoutMs: number;
  private readonly maxTries: number;
  private readonly backoffMs: number;

  constructor(readonly baseUrl: string, private readonly opts: HttpClientOptions = {}) {
    this.limit = pLimit(Math.max(1, opts.concurrency ?? 4));
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxTries = Math.max(1, opts.maxTries ?? 4);
    this.backoffMs = opts.backoffMs ?? 500;
  }

  get(path: string): Promise<unknown> {
    return this.limit(() => this.withRetries('GET', path));
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.limit(() => this.withRetries('POST', path, body));
  }

  /** Remove the API key from text that may reach the user (server messages can echo headers). */
  redact(text: string): string {
    const key = this.opts.apiKey;
    return key ? text.split(key).join('***') : text;
  }

  private async withRetries(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, url, body);
      if (outcome.ok) return outcome.json;
      if (attempt >= this.maxTries) {
        const tries = attempt === 1 ? '1 try' : `${attempt} tries`;
        throw new ModelError(this.redact(`${method} ${url} failed after ${tries}: ${outcome.problem}`), {
          hint: 'check that the server is running and reachable, or raise the timeout / lower the concurrency if it is overloaded',
          cause: outcome.cause,
        });
      }
      await sleep(backoffDelay(attempt, this.backoffMs, outcome.retryAfterMs));
    }
  }

  /** One try: the parsed body, a retryable problem, or a thrown error that retrying cannot fix. */
  private async attempt(method: string, url: string, body?: unknown): Promise<Attempt> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.opts.apiKey) headers['authorization'] = `Bearer ${this.opts.apiKey}`;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(url, {
        method, headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (cause) {
      return { ok: false, problem: this.describeFailure(cause), cause };
    }
    if (status >= 200 && status < 300) return { ok: true, json: this.parseJson(url, status, text) };
    const problem = `HTTP ${status}${serverMessage(text)}`;
    if (isRetryableStatus(status)) return { ok: false, problem, retryAfterMs: parseRetryAfter(retryAfter) };
    throw new HttpStatusError(this.redact(`${method} ${url} was refused: ${problem}`), status, { hint: hintForStatus(status) });
  }

  private parseJson(url: string, status: number, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new ModelError(this.redact(`${url} answered HTTP ${status} with a body that is not JSON: ${snippet(text) || '(empty)'}`), {
        hint: 'check that the source URL points at an OpenAI-compatible API (it usually ends in /v1)',
      });
    }
  }

  private describeFailure(cause: unknown): string {
    const err = cause as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${this.timeoutMs / 1000} s (timed out)`;
    const inner = err.cause?.code ?? err.cause?.message;
    return `${err.message ?? String(cause)}${inner ? ` (${inner})` : ''}`;
  }
}

/** The server's own error message (OpenAI `{error: {message}}`, FastAPI `{detail}`, or text). */
function serverMessage(text: string): string {
  if (!text.trim()) return '';
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const msg = typeof body.error === 'string' ? body.error : body.error?.message ?? body.message ?? body.detail;
    if (msg !== undefined) return `: ${snippet(typeof msg === 'string' ? msg : JSON.stringify(msg))}`;
  } catch {
    // not JSON: quote the text itself
  }
  return `: ${snippet(text)}`;
}

function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function hintForStatus(status: number): string {
  if (status === 401 || status === 403) return 'set HELDOUT_API_KEY to a key the server accepts';
  if (status === 404) return 'check the base URL (it usually ends in /v1) and the model name (api_model)';
  return 'the server rejected the request; its message above says why';
}
