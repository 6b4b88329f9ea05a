/** upstream's request kinds for the in-flight limits (and the `request_kind` metric label). */
export type RequestKind = 'readOnly' | 'mutating';

const READ_ONLY_VERBS = new Set(['get', 'list', 'watch']);

/** get, list and watch are read-only; every other verb (and a non-resource POST) is mutating. */
export const requestKind = (verb: string): RequestKind => (READ_ONLY_VERBS.has(verb) ? 'readOnly' : 'mutating');

/**
 * Counts requests in flight per kind against upstream's --max-requests-inflight and
 * --max-mutating-requests-inflight (0 = unlimited), and keeps the high-water mark that
 * `apiserver_current_inflight_requests` reports.
 */
export class InflightLimiter {
  readonly #limits: Readonly<Record<RequestKind, number>>;
  readonly #inflight: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  readonly #watermark: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };

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

  release(kind: RequestKind): void {
    this.#inflight[kind] = Math.max(0, this.#inflight[kind] - 1);
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
