/** When to try an HTTP request again, and how long to wait first. */

/** Longest wait we accept from a server's `Retry-After` (a run should fail, not hang). */
const MAX_RETRY_AFTER_MS = 120_000;
const MAX_BACKOFF_MS = 30_000;

/** 429 (rate limited) and 5xx (server trouble) may succeed later; other 4xx never will. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** `Retry-After` is either delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * Exponential backoff with jitter: attempt 1 waits about `baseMs`, each later attempt twice as
 * long; the jitter (50–100% of the step) keeps many workers from retrying in lockstep. A server's
 * `Retry-After` wins when it asks for longer.
 */
export function backoffDelay(attempt: number, baseMs: number, retryAfterMs?: number, random = Math.random): number {
  const step = Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  const jittered = step * (0.5 + random() * 0.5);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
