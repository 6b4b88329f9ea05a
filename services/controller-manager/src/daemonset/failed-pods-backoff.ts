/** Upstream's failedPodsBackoff: flowcontrol.NewBackOff(1s, 15m). */
export const FAILED_POD_BACKOFF_INITIAL_MS = 1000;
export const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

/**
 * flowcontrol.Backoff, per `<ds uid>/<node>`: how long to wait before killing another failed daemon
 * pod on that node, doubling each time up to the maximum, and starting over once a key went
 * unused for twice the maximum. It keeps the controller from fighting a kubelet that rejects pods.
 */
export class FailedPodsBackoff {
  readonly #entries = new Map<string, { backoffMs: number; lastUpdate: number }>();

  constructor(readonly initialMs = FAILED_POD_BACKOFF_INITIAL_MS, readonly maxMs = FAILED_POD_BACKOFF_MAX_MS) {}

  /** IsInBackOffSinceUpdate: the key's delay has not passed since it was last bumped. */
  inBackoff(key: string, now: number): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && now - entry.lastUpdate < entry.backoffMs;
  }

  /** The key's current delay (0 when it has none). */
  delayMs(key: string): number {
    return this.#entries.get(key)?.backoffMs ?? 0;
  }

  /** Next: starts the key's delay at the initial value, or doubles it. */
  next(key: string, now: number): void {
    const entry = this.#entries.get(key);
    if (!entry || now - entry.lastUpdate > 2 * this.maxMs) this.#entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    else this.#entries.set(key, { backoffMs: Math.min(entry.backoffMs * 2, this.maxMs), lastUpdate: now });
  }

  /** GC: drops keys unused for twice the maximum. */
  gc(now: number): void {
    for (const [key, entry] of this.#entries) if (now - entry.lastUpdate > 2 * this.maxMs) this.#entries.delete(key);
  }
}
