import { describe, expect, it } from 'vitest';
import { DefaultRequestRetry, type Backoff } from './backoff.js';
import { parseRetryAfter } from './retry-after.js';
import { errorCode, isRetriable, retryDelay } from './retry-decision.js';

const noJitter: Backoff = { steps: 4, durationMs: 100, factor: 2, jitter: 0, capMs: 5_000 };
const response = (status: number, retryAfterMs?: number) => ({ kind: 'response' as const, status, retryAfterMs });
const error = (code: string | undefined) => ({ kind: 'error' as const, code });

describe('which outcomes are retried', () => {
  it('idempotent verbs: connection errors, 429, 503 and 504', () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'get']) {
      for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN', 'EHOSTUNREACH']) {
        expect(isRetriable(method, error(code)), `${method} ${code}`).toBe(true);
      }
      for (const status of [429, 503, 504]) expect(isRetriable(method, response(status)), `${method} ${status}`).toBe(true);
      for (const status of [200, 201, 400, 401, 403, 404, 409, 410, 422, 500, 502]) expect(isRetriable(method, response(status)), `${method} ${status}`).toBe(false);
    }
  });

  it('POST: only when the server certainly did not act — never connected, or 429 with Retry-After', () => {
    for (const code of ['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']) expect(isRetriable('POST', error(code)), code).toBe(true);
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']) expect(isRetriable('POST', error(code)), code).toBe(false);
    expect(isRetriable('POST', response(429, 1000))).toBe(true);
    expect(isRetriable('POST', response(429))).toBe(false); // e.g. an eviction refused by a disruption budget
    expect(isRetriable('POST', response(503, 1000))).toBe(false);
    expect(isRetriable('POST', response(504, 1000))).toBe(false);
  });

  it('never: TLS failures, unknown errors', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ENOTFOUND', undefined]) {
      expect(isRetriable('GET', error(code)), String(code)).toBe(false);
    }
  });
});

describe('retryDelay', () => {
  it('follows the backoff and stops when its steps are used up', () => {
    const delays = [1, 2, 3, 4].map((attempt) => retryDelay('GET', error('ECONNREFUSED'), attempt, noJitter, () => 0));
    expect(delays).toEqual([100, 200, 400, undefined]);
  });

  it('waits what Retry-After says instead, up to the cap', () => {
    expect(retryDelay('GET', response(429, 1000), 1, noJitter, () => 0)).toBe(1000);
    expect(retryDelay('GET', response(503, 0), 2, noJitter, () => 0)).toBe(0);
    expect(retryDelay('GET', response(429, 60_000), 1, noJitter, () => 0)).toBe(5_000);
    expect(retryDelay('GET', response(429, 1000), 4, noJitter, () => 0)).toBeUndefined();
    expect(retryDelay('POST', response(429, 2000), 1, DefaultRequestRetry, () => 0)).toBe(2000);
  });

  it('adds jitter from the injected random source', () => {
    expect(retryDelay('GET', response(503), 1, { ...noJitter, jitter: 0.5 }, () => 0.5)).toBe(125);
  });

  it('does not retry what is not retriable, whatever the steps left', () => {
    expect(retryDelay('GET', response(500), 1, noJitter)).toBeUndefined();
    expect(retryDelay('POST', error('ECONNRESET'), 1, noJitter)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('errorCode', () => {
  it('finds the code on the error, its cause, or the first of an AggregateError', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) }))).toBe('ECONNRESET');
    expect(errorCode(new AggregateError([Object.assign(new Error('v6'), { code: 'ECONNREFUSED' })]))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode('text')).toBeUndefined();
  });
});
