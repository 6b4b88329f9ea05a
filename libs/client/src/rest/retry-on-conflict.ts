import { isConflict } from './api-error.js';
import { backoffDelay, DefaultRetry, sleep as realSleep, type Backoff, type Sleep } from './backoff.js';

export interface RetryOptions {
  /** Default {@link DefaultRetry}: 5 attempts, 10 ms apart (+ up to 10 %). */
  readonly backoff?: Backoff;
  /** Stops waiting (and trying): rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Injected for tests. */
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

/**
 * client-go's `retry.OnError`: runs `fn` up to `backoff.steps` times while it fails with an error
 * `retriable` accepts, waiting the backoff between attempts; resolves with the first success, else
 * rejects with the last error (or at once with an error that is not retriable).
 */
export async function retryOnError<T>(retriable: (err: unknown) => boolean, fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const backoff = opts.backoff ?? DefaultRetry;
  const wait = opts.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = retriable(err) ? backoffDelay(backoff, attempt, opts.random) : undefined;
      if (delay === undefined) throw err;
      await wait(delay, opts.signal);
    }
  }
}

/**
 * client-go's `retry.RetryOnConflict`: for a read-modify-write, `fn` re-reads the object, changes
 * it and updates; a 409 Conflict (someone else wrote in between) runs it again, up to
 * `backoff.steps` times (default {@link DefaultRetry}). Other errors reject at once.
 *
 * ```ts
 * await retryOnConflict(async () => {
 *   const pod = await client.get(PODS, 'default', 'web');
 *   pod.metadata!.labels = { ...pod.metadata!.labels, seen: 'yes' };
 *   return client.update(PODS, 'default', pod);
 * });
 * ```
 */
export function retryOnConflict<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  return retryOnError(isConflict, fn, opts);
}
