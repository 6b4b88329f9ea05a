import type { ScheduledEviction } from './plan-pod-eviction.js';

interface Entry extends ScheduledEviction {
  readonly timer?: NodeJS.Timeout;
}

/**
 * The evictions scheduled, by pod key (upstream's TimedWorkerQueue): each fires `fire(key)` at its
 * `fireAt`; a fired one stays as done (not scheduled again) until cancelled, which the pod's
 * deletion or the taints' removal does.
 */
export class TimedEvictions {
  readonly #entries = new Map<string, Entry>();
  readonly #fire: (key: string) => void;
  readonly #now: () => number;

  constructor(fire: (key: string) => void, now: () => number = Date.now) {
    this.#fire = fire;
    this.#now = now;
  }

  /** The eviction scheduled for `key` (a done one included). */
  get(key: string): ScheduledEviction | undefined {
    return this.#entries.get(key);
  }

  /** Whether `key`'s eviction already fired. */
  done(key: string): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.timer === undefined;
  }

  /** Schedules (or moves) `key`'s eviction. */
  schedule(key: string, eviction: ScheduledEviction): void {
    clearTimeout(this.#entries.get(key)?.timer);
    const timer = setTimeout(
      () => {
        this.#entries.set(key, { createdAt: eviction.createdAt, fireAt: eviction.fireAt });
        this.#fire(key);
      },
      Math.max(0, eviction.fireAt - this.#now()),
    );
    timer.unref();
    this.#entries.set(key, { ...eviction, timer });
  }

  /** Drops `key`'s eviction; whether one was pending (not yet fired). */
  cancel(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.#entries.delete(key);
    return entry.timer !== undefined;
  }

  clear(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
