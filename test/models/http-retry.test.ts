import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/models/http/retry.js';
import { finishAnswer } from '../../src/models/http/generate.js';
import { normalizeBaseUrl } from '../../src/models/http/identity.js';
import { ModelError } from '../../src/errors.js';

describe('HTTP retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date, capped', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('86400')).toBe(120_000);
  });

  it('backs off exponentially with jitter, and waits at least what Retry-After asks', () => {
    expect(backoffDelay(1, 100, undefined, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, undefined, () => 1)).toBe(400);
    expect(backoffDelay(1, 100, 3000, () => 1)).toBe(3000);
  });
});

describe('HTTP answers and URLs', () => {
  it('names why an answer ended', () => {
    expect(finishAnswer('a\nb', ['\n'], 'length')).toEqual({ text: 'a', finish: 'stop' });
    expect(finishAnswer('abc', ['\n'], 'length')).toEqual({ text: 'abc', finish: 'length' });
    const think = { open: '<think>', close: '</think>' };
    expect(finishAnswer('<think>a\nb</think>\n\nyes\nmore', ['\n'], 'stop', null, think)).toEqual({ text: '<think>a\nb</think>\n\nyes', finish: 'stop' });
    expect(finishAnswer('a\nb</think>\n\nyes\n', ['\n'], 'stop', null, think)).toEqual({ text: 'a\nb</think>\n\nyes', finish: 'stop' });
    expect(finishAnswer('abc', ['\n'], 'stop', '\n')).toEqual({ text: 'abc', finish: 'stop' });
    expect(finishAnswer('abc', ['\n'], 'stop', null)).toEqual({ text: 'abc', finish: 'eos' });
  });

  it('normalises base URLs and refuses credentials in them', () => {
    expect(normalizeBaseUrl('http://localhost:8000/v1/')).toBe('http://localhost:8000/v1');
    expect(normalizeBaseUrl('https://example.com')).toBe('https://example.com/v1');
    expect(() => normalizeBaseUrl('http://user:sk-123@example.com/v1')).toThrow(ModelError);
    expect(() => normalizeBaseUrl('http://user:sk-123@example.com/v1')).not.toThrow(/sk-123/);
    expect(() => normalizeBaseUrl('ftp://example.com')).toThrow(/not an http/);
  });
});
