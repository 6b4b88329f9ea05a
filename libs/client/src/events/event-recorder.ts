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

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder (what `kubectl describe`
 * lists): one Event per (object, reason, message) within ten minutes, its `count` and
 * `lastTimestamp` bumped on repeats. Fire and forget: recording never fails the caller; a failed
 * write is logged.
 */
export class EventRecorder {
  readonly #client: Pick<KubeClient, 'create' | 'patch'>;
  readonly #source: EventReporter;
  readonly #log: (message: string) => void;
  readonly #now: () => Date;
  readonly #recent = new Map<string, { name: string; namespace: string; count: number; firstSeen: number }>();
  #pending: Promise<unknown> = Promise.resolve();

  constructor(client: Pick<KubeClient, 'create' | 'patch'>, source: EventReporter, options: { log?: (message: string) => void; now?: () => Date } = {}) {
    this.#client = client;
    this.#source = source;
    this.#log = options.log ?? ((m) => console.error(m));
    this.#now = options.now ?? (() => new Date());
  }

  /** Records an event about `object`; returns at once. */
  event(object: KubeObject, type: EventType, reason: string, message: string): void {
    this.#pending = this.#pending.then(() => this.#record(object, type, reason, message)).catch((err: unknown) => this.#log(`could not record event ${reason} for ${describe(object)}: ${(err as Error).message}`));
  }

  /** Resolves when every event recorded so far is written (or given up). */
  flush(): Promise<void> {
    return this.#pending.then(() => undefined);
  }

  async #record(object: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.#now();
    const timestamp = rfc3339(now);
    const meta = object.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const key = JSON.stringify([object.kind, meta.namespace, meta.name, meta.uid, type, reason, message]);
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
