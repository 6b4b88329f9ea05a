import type { Revision } from '@kubeledger/api';
import type { CacheEvent } from './watch-event.js';

/**
 * The watch cache's window of recent events, oldest first: at most twice `capacity`, trimmed back to `capacity` when full (amortised
 * O(1) append; binary search by revision).
 */
export class EventBuffer {
  readonly #capacity: number;
  #events: CacheEvent[] = [];
  #start: Revision;

  /** `start`: the buffer holds every event after this revision. */
  constructor(capacity: number, start: Revision) {
    this.#capacity = Math.max(1, capacity);
    this.#start = start;
  }

  /** Every event after this revision is held. */
  get start(): Revision {
    return this.#start;
  }

  get size(): number {
    return this.#events.length;
  }

  push(event: CacheEvent): void {
    this.#events.push(event);
    if (this.#events.length >= this.#capacity * 2) {
      const dropped = this.#events.length - this.#capacity;
      this.#start = this.#events[dropped - 1]!.revision;
      this.#events = this.#events.slice(dropped);
    }
  }

  /** The held events after `revision` (which must be ≥ start), in order. */
  after(revision: Revision): CacheEvent[] {
    let lo = 0;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#events[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.#events.slice(lo);
  }
}
