import { createHash } from 'node:crypto';
import { ModelError } from '../../errors.js';
import { HttpStatusError, type HttpClient } from './client.js';
import { modelsResponse, parseResponse } from './schemas.js';

/** Which model a server runs for us, and the `/v1/models` entry that describes it (when listed). */
export interface ServedModel {
  id: string;
  entry?: Record<string, unknown>;
}

/**
 * `http(s)://host[:port]/v1` without a trailing slash; a bare host gets `/v1`. Credentials in the
 * URL are refused: they would end up in results and logs (the key belongs in HELDOUT_API_KEY).
 */
export function normalizeBaseUrl(source: string): string {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new ModelError(`model source "${source}" is not a valid URL`, { hint: 'write it as http(s)://host[:port]/v1' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelError(`model source ${url.protocol}//${url.host} is not an http(s) URL`, { hint: 'write it as http(s)://host[:port]/v1' });
  }
  if (url.username || url.password) {
    throw new ModelError(`the model source URL for ${url.host} carries credentials`, {
      hint: 'remove them from the URL and put the API key in the HELDOUT_API_KEY environment variable',
    });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path || '/v1'}`;
}

/**
 * The model to ask: `apiModel` when given (checked against `/v1/models` when the server lists
 * models), else the first model the server lists.
 */
export async function resolveServedModel(client: HttpClient, apiModel?: string): Promise<ServedModel> {
  const url = `${client.baseUrl}/models`;
  let listed: Record<string, unknown>[];
  try {
    listed = parseResponse(modelsResponse, await client.get('/models'), url).data;
  } catch (err) {
    // Some servers have no /models; a named model is enough to go on. A server that is down is not.
    if (apiModel && err instanceof HttpStatusError) return { id: apiModel };
    if (!apiModel && err instanceof HttpStatusError) {
      throw new ModelError(`${err.message}, and no api_model is set to say which model to ask`, {
        hint: 'set api_model for this model in the benchmark to the name the server serves',
      });
    }
    throw err;
  }
  if (!apiModel) {
    const first = listed[0];
    if (!first) throw new ModelError(`${url} lists no models`, { hint: 'start the server with a model, or set api_model' });
    return { id: String(first['id']), entry: first };
  }
  const entry = listed.find((m) => m['id'] === apiModel);
  if (!entry) {
    const ids = listed.map((m) => `"${String(m['id'])}"`).join(', ') || 'none';
    throw new ModelError(`${client.baseUrl} does not serve a model "${apiModel}" (it serves ${ids})`, {
      hint: 'set api_model to one of the served models',
    });
  }
  return { id: apiModel, entry };
}

/** Fields of a `/v1/models` entry that change between calls or restarts (vLLM stamps `created` per call). */
const VOLATILE_FIELDS = new Set(['created', 'permission']);

/** sha256 of the base URL, the model id and the stable part of its `/v1/models` entry. */
export function fingerprintServedModel(baseUrl: string, served: ServedModel): string {
  const stable = served.entry
    ? Object.fromEntries(Object.entries(served.entry).filter(([k]) => !VOLATILE_FIELDS.has(k)).sort(([a], [b]) => a.localeCompare(b)))
    : null;
  const hash = createHash('sha256').update(JSON.stringify([baseUrl, served.id, stable]));
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}
