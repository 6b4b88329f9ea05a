import { backoffDelay, capped, type Backoff } from './backoff.js';

/**
 * When a request is tried again (DESIGN §4: an overloaded apiserver answers 429 with Retry-After).
 *
 * - GET, HEAD, PUT, PATCH and DELETE are retried on connection errors (refused, reset, closed,
 *   unreachable, DNS not answering) and on 429 Too Many Requests, 503 Service Unavailable and
 *   504 Gateway Timeout. A PUT carries its resourceVersion, so a retry of a write that did land
 *   gets a 409 rather than applying twice; an unconditional PUT, DELETE or merge PATCH applies the
 *   same change again. A JSON patch that appends is not idempotent: give it a `test` op, or `retries: NoRetry`.
 * - POST is retried only when the server certainly did not act on it: the connection was never
 *   established (ECONNREFUSED, connect timeout, unreachable, DNS), or the apiserver refused it
 *   with 429 and a Retry-After header before processing (its in-flight limit; what client-go
 *   retries too). A POST is never retried after a reset or a 5xx: the object may have been created.
 * - Client timeouts and caller aborts are never retried; neither is any other status.
 *
 * The wait is the response's Retry-After when it has one, else the backoff's; both at most `capMs`.
 */
export type RetryOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'error'; readonly code: string | undefined };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/** Failures to connect at all: the request never reached the server. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/** Failures on an established connection: the server may or may not have seen the request. */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

const RETRIABLE_STATUS = new Set([429, 503, 504]);

export const isIdempotent = (method: string): boolean => IDEMPOTENT.has(method.toUpperCase());

/** True when this outcome of `method` may be tried again (the rule above), regardless of how many tries are left. */
export function isRetriable(method: string, outcome: RetryOutcome): boolean {
  const idempotent = isIdempotent(method);
  if (outcome.kind === 'error') {
    if (outcome.code === undefined) return false;
    return NOT_CONNECTED.has(outcome.code) || (idempotent && CONNECTION_LOST.has(outcome.code));
  }
  if (idempotent) return RETRIABLE_STATUS.has(outcome.status);
  return outcome.status === 429 && outcome.retryAfterMs !== undefined;
}

/**
 * The wait before the next attempt after `attempt` attempts (1-based) ended in `outcome`, or
 * undefined to stop: not retriable, or the backoff's steps are used up.
 */
export function retryDelay(method: string, outcome: RetryOutcome, attempt: number, backoff: Backoff, random: () => number = Math.random): number | undefined {
  if (!isRetriable(method, outcome)) return undefined;
  const computed = backoffDelay(backoff, attempt, random);
  if (computed === undefined) return undefined;
  return outcome.kind === 'response' && outcome.retryAfterMs !== undefined ? capped(backoff, outcome.retryAfterMs) : computed;
}

/** The error code that says what went wrong on the wire: Node's `code`, or that of a cause or of the first of an AggregateError. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'ERR_ASSERTION') return code;
    e = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}
