import { randomBytes } from 'node:crypto';
import { rfc3339, type KubeObject } from '@kubeledger/api';
import { isNotFound } from '../rest/api-error.js';
import { InFlightLimit } from '../rest/in-flight-limit.js';
import type { KubeClient } from '../rest/kube-client.js';
import { EVENTS } from '../rest/resource-ref.js';
import { EventCorrelator, type Correlation } from './event-correlator.js';

export type EventType = 'Normal' | 'Warning';

export interface EventReporter {
  /** `default-scheduler`, `kubelet`, … */
  readonly component: string;
  /** The node, for the kubelet. */
  readonly host?: string;
}

/** Events written at once (each a request of its own). */
const MAX_IN_FLIGHT = 8;
/** Events waiting beyond this are dropped, with a log line (client-go's broadcaster drops when its 1,000-event queue is full). */
const MAX_QUEUED = 1000;

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder (what `kubectl describe`
 * lists), each event run through client-go's {@link EventCorrelator} first: repeats bump the
 * `count` of the Event written before, similar ones are combined, and a source writes at most 25
 * events about one object at once (then one every 5 minutes). Fire and forget: recording never
 * fails the caller; a failed write is logged. Up to 8 events are written at once (writes of one
 * Event in order), so a burst does not queue behind one request at a time; past 1,000 waiting,
 * new events are dropped.
 */
export class EventRecorder {
  readonly #client: Pick<KubeClient, 'create' | 'patch'>;
  readonly #source: EventReporter;
  readonly #log: (message: string) => void;
  readonly #now: () => Date;
  readonly #correlator = new EventCorrelator((draft) => `${draft.involvedObject.name ?? 'unknown'}.${randomBytes(8).toString('hex')}`);
  /** The last write of each Event (by correlation key): the next one waits for it. */
  readonly #lastByKey = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();
  readonly #writes = new InFlightLimit(MAX_IN_FLIGHT);

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
    const involvedObject = { kind: object.kind, apiVersion: object.apiVersion, namespace: meta.namespace, name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion };
    const now = this.#now();
    const correlation = this.#correlator.correlate({ involvedObject, type, reason, message, source: this.#source }, now.getTime());
    if (correlation.skip) return;
    const { key } = correlation;
    const before = this.#lastByKey.get(key);
    const write = (async () => {
      await before;
      try {
        await this.#writes.run(() => this.#write(involvedObject, type, reason, correlation, rfc3339(now), meta.namespace || 'default'));
      } catch (err) {
        this.#log(`could not record event ${reason} for ${describe(object)}: ${(err as Error).message}`);
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

  /** A repeat patches the Event it counts on (client-go's recordEvent), and creates it again, count and all, when it is gone. */
  async #write(involvedObject: Record<string, string | undefined>, type: EventType, reason: string, c: Extract<Correlation, { skip: false }>, timestamp: string, namespace: string): Promise<void> {
    if (c.repeat) {
      try {
        await this.#client.patch(EVENTS, namespace, c.name, { count: c.count, lastTimestamp: timestamp, message: c.message }, 'merge');
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await this.#client.create(EVENTS, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: c.name, namespace },
      involvedObject,
      reason,
      message: c.message,
      type,
      source: { component: this.#source.component, ...(this.#source.host && { host: this.#source.host }) },
      firstTimestamp: rfc3339(new Date(c.firstTimestampMs)),
      lastTimestamp: timestamp,
      count: c.count,
      reportingComponent: this.#source.component,
      reportingInstance: this.#source.host ?? '',
    });
  }
}

const describe = (o: KubeObject) => `${o.kind ?? 'object'} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? ''}`;
