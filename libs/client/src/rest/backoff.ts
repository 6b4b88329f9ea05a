/**
 * client-go's `wait.Backoff`, in milliseconds: `steps` attempts in all; before attempt n+1 the caller
 * waits `durationMs · factor^(n-1)`, plus a random part of up to `jitter` times that, and never more
 * than `capMs` (a plain ceiling here: unlike `wait.Backoff.Cap` it does not end the retries).
 */
export interface Backoff {
  /** Attempts in all, the first included (1: never retry). */
  readonly steps: number;
  /** The wait before the second attempt. */
  readonly durationMs: number;
  /** What each wait is multiplied by for the next one (1: constant). */
  readonly factor: number;
  /** Each wait is lengthened by a random fraction in [0, jitter) of itself (client-go's `wait.Jitter`). */
  readonly jitter: number;
  /** The longest single wait, Retry-After included. */
  readonly capMs?: number;
}

/** client-go `retry.DefaultRetry`: for conflicts, which a quick re-read usually resolves. */
export const DefaultRetry: Backoff = Object.freeze({ steps: 5, durationMs: 10, factor: 1, jitter: 0.1 });

/** client-go `retry.DefaultBackoff`: for errors that take a little longer to clear. */
export const DefaultBackoff: Backoff = Object.freeze({ steps: 4, durationMs: 10, factor: 5, jitter: 0.1 });

/**
 * What a {@link KubeClient} retries requests with unless told otherwise: 6 attempts, waits of
 * 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s (+ up to 20 %), Retry-After honoured up to 30 s — about
 * 6 s of an apiserver restarting or refusing load before the error reaches the caller.
 */
export const DefaultRequestRetry: Backoff = Object.freeze({ steps: 6, durationMs: 200, factor: 2, jitter: 0.2, capMs: 30_000 });

/** Never retry. */
export const NoRetry: Backoff = Object.freeze({ steps: 1, durationMs: 0, factor: 1, jitter: 0 });

/**
 * The wait before retry number `retry` (1 = the second attempt), `random` in [0, 1) drawing the
 * jitter. Undefined when the backoff allows no such retry.
 */
export function backoffDelay(backoff: Backoff, retry: number, random: () => number = Math.random): number | undefined {
  if (retry < 1 || retry >= backoff.steps) return undefined;
  const base = backoff.durationMs * backoff.factor ** (retry - 1);
  const jittered = backoff.jitter > 0 ? base + random() * backoff.jitter * base : base;
  return capped(backoff, jittered);
}

/** Every wait a backoff schedules, in order (`steps - 1` of them). */
export function backoffSchedule(backoff: Backoff, random: () => number = Math.random): number[] {
  const out: number[] = [];
  for (let retry = 1; retry < backoff.steps; retry++) out.push(backoffDelay(backoff, retry, random)!);
  return out;
}

/** `ms` limited to the backoff's cap (and to at least 0). */
export function capped(backoff: Backoff, ms: number): number {
  const floor = Math.max(0, ms);
  return backoff.capMs !== undefined && backoff.capMs > 0 ? Math.min(floor, backoff.capMs) : floor;
}

/** A complete backoff from a partial one over `defaults`; throws on nonsense (steps < 1, negative waits). */
export function completeBackoff(partial: Partial<Backoff> | undefined, defaults: Backoff): Backoff {
  const b: Backoff = { ...defaults, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) };
  if (!Number.isInteger(b.steps) || b.steps < 1) throw new RangeError(`backoff steps must be an integer ≥ 1, not ${b.steps}`);
  if (!(b.durationMs >= 0) || !(b.factor >= 0) || !(b.jitter >= 0)) throw new RangeError('backoff durationMs, factor and jitter must be ≥ 0');
  return Object.freeze(b);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
