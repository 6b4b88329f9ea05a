import type { EventContext } from '../informer/event-handler.js';

/**
 * The trace each queued key's work continues: a handler notes the `traceparent` of the event that
 * queued a key, the worker takes it when it processes the key. Work queues coalesce keys, so the
 * latest event's trace wins; work nobody queued through an event (a timer, a resync, a retry after
 * the trace was taken) finds none and starts a trace of its own.
 */
export class PendingTraces {
  readonly #byKey = new Map<string, string>();

  note(key: string, ctx: EventContext | undefined): void {
    if (ctx?.traceparent !== undefined) this.#byKey.set(key, ctx.traceparent);
  }

  /** The trace to continue for `key`, once. */
  take(key: string): string | undefined {
    const traceparent = this.#byKey.get(key);
    this.#byKey.delete(key);
    return traceparent;
  }

  forget(key: string): void {
    this.#byKey.delete(key);
  }

  get size(): number {
    return this.#byKey.size;
  }
}
