import { randomBytes } from 'node:crypto';
import { rfc3339, type KubeObject } from '@kubeledger/api';
import { isNotFound } from '../rest/api-error.js';
import type { KubeClient } from '../rest/kube-client.js';
import { EVENTS } from '../rest/resource-ref.js';

export type EventType = 'Normal' | 'Warning';

export interface EventReporter {
  /** `default-scheduler`, `kubelet`, … */
  readonly component: string;
  /** The node, for the kubelet. */
  readonly host?: string;
}

/** How long an identical event is counted on the same Event object rather than written anew (client-go's correlator window). */
const AGGREGATE_WINDOW_MS = 10 * 60_000;
/** Events written at once (each a request of its own). */
const MAX_IN_FLIGHT = 8;
/** Events waiting beyond this are dropped, with a log line (client-go's broadcaster drops when its 1,000-event queue is full). */
const MAX_QUEUED = 1000;

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder (what `kubectl describe`
 * lists): one Event per (object, reason, message) within ten minutes, its `count` and
 * `lastTimestamp` bumped on repeats. Fire and forget: recording never fails the caller; a failed
 * write is logged. Up to 8 events are written at once (repeats of one event in order), so a burst
 * does not queue behind one request at a time; past 1,000 waiting, new events are dropped.
 */
export class EventRecorder {
  readonly #client: Pick<KubeClient, 'create' | 'patch'>;
  readonly #source: EventReporter;
  readonly #log: (message: string) => void;
  readonly #now: () => Date;
  readonly #recent = new Map<string, { name: string; namespace: string; count: number; firstSeen: number }>();
  /** The last write of each event (by key): a repeat waits for it. */
  readonly #lastByKey = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;

  constructor(client: Pick<KubeClient, 'create' | 'patch'>, source: EventReporter, options: { log?: (message: string) => void; now?: () => Date } = {}) {
    this.#client = client;
    this.#source = source;
    this.#log = options.log ?? ((m) => console.error(m));
    this.#now = options.now ?? (() => new Date());
  }

  /** Records an event about `object`; returns at once. */
  event(object: KubeObject, type: EventType, reason: string, message: string): void {
    if (this.#pending.size >= MAX_QUEUED) {
      this.#log(`dropped event ${reason} for ${describe(object)}: ${MAX_QUEUED} events are waiting to be written`);
      return;
    }
    const meta = object.metadata ?? {};
    const key = JSON.stringify([object.kind, meta.namespace, meta.name, meta.uid, type, reason, message]);
    const before = this.#lastByKey.get(key);
    const write = (async () => {
      await before;
      await this.#slot();
      try {
        await this.#record(object, key, type, reason, message);
      } catch (err) {
        this.#log(`could not record event ${reason} for ${describe(object)}: ${(err as Error).message}`);
      } finally {
        this.#release();
      }
    })();
    this.#lastByKey.set(key, write);
    this.#pending.add(write);
    void write.then(() => {
      this.#pending.delete(write);
      if (this.#lastByKey.get(key) === write) this.#lastByKey.delete(key);
    });
  }

  /** Resolves when every event recorded so far is written (or given up). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  async #slot(): Promise<void> {
    if (this.#inFlight < MAX_IN_FLIGHT) {
      this.#inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the slot is handed over by #release
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inFlight--;
  }

  async #record(object: KubeObject, key: string, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.#now();
    const timestamp = rfc3339(now);
    const meta = object.metadata ?? {};
    const namespace = meta.namespace || 'default';
    // Entries are added in the order they were first seen: the expired ones are at the front.
    for (const [k, v] of this.#recent) {
      if (now.getTime() - v.firstSeen <= AGGREGATE_WINDOW_MS) break;
      this.#recent.delete(k);
    }
    const seen = this.#recent.get(key);
    if (seen) {
      seen.count++;
      try {
        await this.#client.patch(EVENTS, seen.namespace, seen.name, { count: seen.count, lastTimestamp: timestamp }, 'merge');
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.#recent.delete(key); // the Event was deleted (or expired): write a new one
      }
    }
    const name = `${meta.name ?? 'unknown'}.${randomBytes(8).toString('hex')}`;
    await this.#client.create(EVENTS, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: object.kind,
        apiVersion: object.apiVersion,
        namespace: meta.namespace,
        name: meta.name,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.#source.component, ...(this.#source.host && { host: this.#source.host }) },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      reportingComponent: this.#source.component,
      reportingInstance: this.#source.host ?? '',
    });
    this.#recent.set(key, { name, namespace, count: 1, firstSeen: now.getTime() });
  }
}

const describe = (o: KubeObject) => `${o.kind ?? 'object'} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? ''}`;
