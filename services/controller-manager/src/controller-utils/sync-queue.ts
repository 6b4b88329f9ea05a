import type { KubeObject } from '@kubeledger/api';
import { PendingTraces, processInSpan, WorkQueue, type EventContext, type StepResult } from '@kubeledger/client';
import { objectAttributes, type Tracer } from '@kubeledger/telemetry';

export interface SyncQueueOptions {
  /** Names the controller in the queue's log lines (`replicaset: …`). */
  readonly name: string;
  readonly tracer: Tracer;
  /** The span each key's sync runs in (`sync replicaset`). */
  readonly span: string;
  /** The resource the keys name (`replicasets`), an attribute of the span. */
  readonly resource: string;
  readonly workers: number;
  /** The first retry delay of a failed key (doubling up to 60 s); default 1 s. */
  readonly retryMs?: number | undefined;
  readonly log: (message: string) => void;
  /** The object at a key, when the cache has it: a sync no event queued then links to the object's creation trace. */
  readonly objectOf?: (key: string) => KubeObject | undefined;
}

/** The span attributes of a key: `<namespace>/<name>`, or `<name>` for a cluster-scoped object. */
function keyAttributes(key: string) {
  const slash = key.indexOf('/');
  return slash < 0 ? objectAttributes({ name: key }) : objectAttributes({ namespace: key.slice(0, slash), name: key.slice(slash + 1) });
}

/**
 * A controller's work queue of object keys (client-go's rate-limited workqueue, {@link WorkQueue})
 * whose every sync runs in a span: a child of the trace of the event that last queued the key
 * (`add(key, ctx)`), or a trace of its own for work no event queued (a retry, a timer), linked to
 * the object's creation trace when `objectOf` finds the object.
 *
 * A key is synced from the microtask after it was queued: the informer advances its revision once
 * its handlers ran, so a sync then sees the caches count the event that queued the key.
 */
export class SyncQueue extends WorkQueue {
  readonly #traces: PendingTraces;

  constructor(sync: (key: string) => Promise<StepResult>, options: SyncQueueOptions) {
    const traces = new PendingTraces();
    super(
      async (key) => {
        await Promise.resolve();
        const object = options.objectOf?.(key);
        return processInSpan(options.tracer, options.span, { traceparent: traces.take(key), resource: options.resource, attributes: keyAttributes(key), ...(object && { object }) }, () => sync(key));
      },
      { workers: options.workers, retryMs: options.retryMs ?? 1000, maxRetryMs: 60_000, log: (m) => options.log(`${options.name}: ${m}`) },
    );
    this.#traces = traces;
  }

  /** Queues `key`; its sync continues the trace of `ctx`'s event. */
  override add(key: string, ctx?: EventContext): void {
    this.#traces.note(key, ctx);
    super.add(key);
  }

  /** Queues `key` after `ms`; its sync continues the trace of `ctx`'s event. */
  override addAfter(key: string, ms: number, ctx?: EventContext): void {
    this.#traces.note(key, ctx);
    super.addAfter(key, ms);
  }
}
