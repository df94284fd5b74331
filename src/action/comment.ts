/**
 * One pull-request comment per benchmark, kept up to date: find the comment that starts with the
 * action's marker and edit it, or create it. Uses the REST API at GITHUB_API_URL with the given token.
 */
import { readFile } from 'node:fs/promises';

export interface CommentTarget {
  /** e.g. https://api.github.com (GITHUB_API_URL). */
  api: string;
  /** owner/name (GITHUB_REPOSITORY). */
  repo: string;
  issue: number;
  token: string;
}

export interface CommentResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

/** The API answered with an error status (or not at all): the action says so and carries on. */
export class CommentError extends Error {}

type Fetch = typeof fetch;

interface IssueComment { id: number; body?: string; html_url?: string }

/** The pull request's number from the event payload (GITHUB_EVENT_PATH), or null outside a pull request. */
export async function pullRequestNumber(eventPath: string | undefined): Promise<number | null> {
  if (!eventPath) return null;
  try {
    const event = JSON.parse(await readFile(eventPath, 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown };
    const n = event.pull_request?.number ?? null;
    return typeof n === 'number' && Number.isInteger(n) ? n : null;
  } catch {
    return null;
  }
}

async function api<T>(fetchImpl: Fetch, t: CommentTarget, method: string, path: string, body?: unknown): Promise<T> {
  const url = `${t.api.replace(/\/+$/, '')}/repos/${t.repo}${path}`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method,
      headers: {
        authorization: `Bearer ${t.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28',
        'user-agent': 'heldout-action', ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new CommentError(`${method} ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    const detail = ((await res.text().catch(() => '')) || res.statusText).slice(0, 300);
    const hint = res.status === 403 || res.status === 404 ? ' (the token may lack pull-requests: write, e.g. on a pull request from a fork)' : '';
    throw new CommentError(`${method} ${url}: HTTP ${res.status} ${detail}${hint}`);
  }
  return (await res.json()) as T;
}

/** The existing comment carrying the marker, looking through up to 1,000 comments. */
async function findComment(fetchImpl: Fetch, t: CommentTarget, marker: string): Promise<IssueComment | undefined> {
  for (let page = 1; page <= 10; page++) {
    const list = await api<IssueComment[]>(fetchImpl, t, 'GET', `/issues/${t.issue}/comments?per_page=100&page=${page}`);
    const found = list.find((c) => c.body?.startsWith(marker));
    if (found || list.length < 100) return found;
  }
  return undefined;
}

/** Create the comment, or edit the one a previous run left; the body starts with the marker. */
export async function upsertComment(t: CommentTarget, marker: string, markdown: string, fetchImpl: Fetch = fetch): Promise<CommentResult> {
  const body = `${marker}\n${markdown}`;
  const existing = await findComment(fetchImpl, t, marker);
  if (existing) {
    const c = await api<IssueComment>(fetchImpl, t, 'PATCH', `/issues/comments/${existing.id}`, { body });
    return { action: 'updated', id: c.id ?? existing.id, ...(c.html_url ? { url: c.html_url } : {}) };
  }
  const c = await api<IssueComment>(fetchImpl, t, 'POST', `/issues/${t.issue}/comments`, { body });
  return { action: 'created', id: c.id, ...(c.html_url ? { url: c.html_url } : {}) };
}
