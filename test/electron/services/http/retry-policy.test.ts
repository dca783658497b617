import { describe, expect, it } from 'vitest';
import { isRetryableError, isRetryableStatus, parseRetryAfter, retryDelay } from '../../../../electron/services/http/retry-policy.js';

describe('retry policy', () => {
  it('retries 429 and 5xx answers and dropped connections, nothing else', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 412, 422].some(isRetryableStatus)).toBe(false);
    expect(isRetryableError(Object.assign(new Error(), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error(), { code: 'CERT_HAS_EXPIRED' }))).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it('backs off exponentially with jitter, honours the server and caps the wait', () => {
    const policy = { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(policy, 0, null, () => 0)).toBe(50);
    expect(retryDelay(policy, 2, null, () => 1)).toBe(400);
    expect(retryDelay(policy, 10, null, () => 1)).toBe(1000);
    expect(retryDelay(policy, 0, 700)).toBe(700);
    expect(retryDelay(policy, 0, 60_000)).toBe(1000);
  });
});
