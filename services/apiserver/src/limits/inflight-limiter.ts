/** upstream's request kinds for the in-flight limits (and the `request_kind` metric label). */
export type RequestKind = 'readOnly' | 'mutating';

const READ_ONLY_VERBS = new Set(['get', 'list', 'watch']);

/** get, list and watch are read-only; every other verb (and a non-resource POST) is mutating. */
export const requestKind = (verb: string): RequestKind => (READ_ONLY_VERBS.has(verb) ? 'readOnly' : 'mutating');

/** A request waiting for a slot. */
interface Waiter {
  readonly grant: (granted: boolean) => void;
}

/**
 * Counts requests in flight per kind against upstream's --max-requests-inflight and
 * --max-mutating-requests-inflight (0 = unlimited), and keeps the high-water mark that
 * `apiserver_current_inflight_requests` reports. A request over the limit may wait for a slot in a
 * FIFO queue of at most the limit's size (API Priority and Fairness, which upstream runs by
 * default in front of the same limits, queues rather than refusing at once).
 */
export class InflightLimiter {
  readonly #limits: Readonly<Record<RequestKind, number>>;
  readonly #inflight: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  readonly #watermark: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  readonly #queues: Record<RequestKind, Waiter[]> = { readOnly: [], mutating: [] };

  constructor(limits: Readonly<Record<RequestKind, number>>) {
    this.#limits = limits;
  }

  /** Takes a slot, or answers false when the kind is at its limit. */
  tryAcquire(kind: RequestKind): boolean {
    const limit = this.#limits[kind];
    if (limit > 0 && this.#inflight[kind] >= limit) return false;
    this.#inflight[kind] += 1;
    this.#watermark[kind] = Math.max(this.#watermark[kind], this.#inflight[kind]);
    return true;
  }

  /**
   * Takes a slot, waiting for one up to `maxWaitMs` in the kind's queue (full queue: no wait).
   * Resolves false when none came in time or `signal` aborted the wait (the client went away).
   */
  async acquire(kind: RequestKind, maxWaitMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.tryAcquire(kind)) return true;
    const queue = this.#queues[kind];
    if (maxWaitMs <= 0 || queue.length >= this.#limits[kind] || signal?.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const leave = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', leave);
        resolve(false);
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', leave);
          resolve(true);
        },
      };
      const timer = setTimeout(leave, maxWaitMs);
      signal?.addEventListener('abort', leave, { once: true });
      queue.push(waiter);
    });
  }

  /** Gives a slot back: to the first request waiting for one, else to the pool. */
  release(kind: RequestKind): void {
    const next = this.#queues[kind].shift();
    if (next) return next.grant(true);
    this.#inflight[kind] = Math.max(0, this.#inflight[kind] - 1);
  }

  /** Requests waiting for a slot. */
  waiting(kind: RequestKind): number {
    return this.#queues[kind].length;
  }

  inflight(kind: RequestKind): number {
    return this.#inflight[kind];
  }

  /** The most in flight since the last call, then starts the next period at the current count. */
  takeWatermark(kind: RequestKind): number {
    const mark = this.#watermark[kind];
    this.#watermark[kind] = this.#inflight[kind];
    return mark;
  }
}
