import type { Backoff, Sleep } from './backoff.js';
import { errorCode, retryDelay } from './retry-decision.js';
import { TransportError, isTransportError } from './transport-error.js';

/** What one attempt got back: the answer and what the retry decision reads of it. */
export interface Attempted<R> {
  readonly result: R;
  readonly status: number;
  /** The answer's Retry-After, in ms. */
  readonly retryAfterMs?: number | undefined;
}

export interface RetryLoopOptions {
  readonly backoff: Backoff;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait (for logs and tests). */
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly status?: number; readonly code?: string }) => void;
}

/**
 * Runs `attempt(1)`, `attempt(2)`, … while the outcome is retriable for `method`
 * (retry-decision.ts) and the backoff has steps left, waiting in between; returns the last answer,
 * whatever its status. A connection failure that is not retried becomes a {@link TransportError}
 * naming `request`; a caller's abort rejects with the signal's reason; a TransportError the attempt
 * threw itself (its timeout) passes through.
 */
export async function sendWithRetries<R>(method: string, request: string, attempt: (n: number) => Promise<Attempted<R>>, opts: RetryLoopOptions): Promise<R> {
  for (let n = 1; ; n++) {
    let delayMs: number | undefined;
    try {
      const answer = await attempt(n);
      delayMs = retryDelay(method, { kind: 'response', status: answer.status, retryAfterMs: answer.retryAfterMs }, n, opts.backoff, opts.random);
      if (delayMs === undefined) return answer.result;
      opts.onRetry?.({ attempt: n, delayMs, status: answer.status });
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (isTransportError(err)) throw err;
      const code = errorCode(err);
      if (code === undefined) throw err;
      delayMs = retryDelay(method, { kind: 'error', code }, n, opts.backoff, opts.random);
      if (delayMs === undefined) throw new TransportError(code, request, n, err);
      opts.onRetry?.({ attempt: n, delayMs, code });
    }
    await opts.sleep(delayMs, opts.signal);
  }
}
