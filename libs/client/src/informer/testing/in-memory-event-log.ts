import { withResourceVersion, type EventType, type KubeObject, type ObjectRef, type Revision } from '@kubeledger/api';
import { StreamGapError, type BusEvent, type EventSubscription, type SubjectFilter, type SubscribeOptions } from '@kubeledger/bus';
import type { EventSource } from '../informer.js';
import type { ListPage, ListPageOptions, Lister } from '../lister.js';
import { objectStoreKey } from '../object-store.js';

export interface LogInput {
  readonly ref: ObjectRef;
  readonly type?: EventType;
  readonly node?: string;
  /** Default: a minimal object naming `ref`. */
  readonly object?: KubeObject;
  /** Published without its object, as the relay does for one too large for NATS. */
  readonly oversize?: boolean;
  readonly traceparent?: string;
}

interface Entry {
  readonly revision: Revision;
  /** Undefined for a gap filler. */
  readonly event?: BusEvent;
}

/**
 * The stream and the apiserver in one, in memory, for unit tests: an ordered log (stream sequence
 * == revision, gap fillers, purges that make older revisions unavailable) with `subscribe` shaped
 * like `subscribeEvents`, and the current state it projects, served by `lister()`.
 */
export class InMemoryEventLog {
  readonly #entries: Entry[] = [];
  readonly #state = new Map<string, KubeObject>();
  readonly #subscriptions = new Set<MemorySubscription>();
  #next: Revision = 1;
  #first: Revision = 1;
  /** Subscriptions opened so far. */
  subscribeCalls = 0;

  get head(): Revision {
    return this.#next - 1;
  }

  get firstAvailable(): Revision {
    return this.#first;
  }

  get openSubscriptions(): number {
    return this.#subscriptions.size;
  }

  /** Appends one event per input, at the next revisions, and applies it to the state. */
  append(...inputs: LogInput[]): BusEvent[] {
    const out = inputs.map((input) => {
      const revision = this.#next++;
      const type = input.type ?? 'ADDED';
      const base = input.object ?? { apiVersion: 'v1', kind: 'Object', metadata: { name: input.ref.name, ...(input.ref.namespace && { namespace: input.ref.namespace }) } };
      const object = withResourceVersion(base, revision);
      const key = objectStoreKey(input.ref.namespace, input.ref.name);
      if (type === 'DELETED') this.#state.delete(key);
      else this.#state.set(key, object);
      const event: BusEvent = {
        type,
        revision,
        ref: input.ref,
        node: input.node ?? '',
        uid: String(object.metadata?.uid ?? ''),
        object: input.oversize ? null : object,
        oversize: input.oversize ?? false,
        ...(input.traceparent !== undefined && { traceparent: input.traceparent }),
      };
      this.#entries.push({ revision, event });
      return event;
    });
    this.#wake();
    return out;
  }

  /** A revision burned by a rollback: a gap filler, seen only by unfiltered subscriptions. */
  burn(): Revision {
    const revision = this.#next++;
    this.#entries.push({ revision });
    this.#wake();
    return revision;
  }

  /** Retention: revisions below `firstRevision` are gone from the stream (not from the state). */
  purge(firstRevision: Revision): void {
    this.#first = Math.max(this.#first, firstRevision);
    while (this.#entries.length && this.#entries[0]!.revision < this.#first) this.#entries.shift();
    this.#wake();
  }

  /** Makes every open subscription's iteration throw `err` (a broken connection). */
  fail(err: unknown = new Error('event subscription ended: the NATS connection closed')): void {
    for (const sub of this.#subscriptions) sub.fail(err);
  }

  /** The current state of one object. */
  get(namespace: string, name: string): KubeObject | undefined {
    return this.#state.get(objectStoreKey(namespace, name));
  }

  readonly subscribe: EventSource = async (options) => {
    this.subscribeCalls++;
    if (options.fromRevision + 1 < this.#first) throw new StreamGapError(options.fromRevision + 1, this.#first);
    const sub = new MemorySubscription(this, options);
    this.#subscriptions.add(sub);
    return sub;
  };

  /** A lister of the state at the head, `select`ed, pages in key order; `continue` names the revision and the last key. */
  lister(select: (object: KubeObject) => boolean = () => true): FakeLister {
    return new FakeLister(this, select);
  }

  /** @internal */
  snapshot(): { objects: KubeObject[]; revision: Revision } {
    const objects = [...this.#state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    return { objects, revision: this.head };
  }

  /** @internal */
  entriesAfter(revision: Revision): Entry[] {
    return this.#entries.filter((e) => e.revision > revision);
  }

  /** @internal */
  remove(sub: MemorySubscription): void {
    this.#subscriptions.delete(sub);
  }

  #wake(): void {
    for (const sub of this.#subscriptions) sub.wake();
  }
}

/** A {@link Lister} over an {@link InMemoryEventLog}'s state, with failures to inject. */
export class FakeLister implements Lister {
  readonly #log: InMemoryEventLog;
  readonly #select: (object: KubeObject) => boolean;
  /** Requests made (pages, not lists). */
  calls: ListPageOptions[] = [];
  gets = 0;
  /** The next n requests fail. */
  failNext = 0;
  /** The next paginated request with a continue token fails with 410 Expired. */
  expireNextContinue = false;
  /** Lists answer at this revision instead of the head (a lagging server). */
  revisionOverride: Revision | undefined;
  #withGet = true;

  constructor(log: InMemoryEventLog, select: (object: KubeObject) => boolean) {
    this.#log = log;
    this.#select = select;
  }

  /** Without `get`: oversize events need a relist. */
  withoutGet(): Lister {
    this.#withGet = false;
    return { list: (o) => this.list(o) };
  }

  async list(options: ListPageOptions): Promise<ListPage> {
    this.calls.push(options);
    await Promise.resolve();
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    }
    if (options.continue !== undefined && this.expireNextContinue) {
      this.expireNextContinue = false;
      throw Object.assign(new Error('The provided continue parameter is too old'), { status: { code: 410, reason: 'Expired' } });
    }
    const token = options.continue ? (JSON.parse(options.continue) as { revision: Revision; after: number }) : undefined;
    const { objects, revision } = this.#log.snapshot();
    const selected = objects.filter(this.#select);
    const start = token?.after ?? 0;
    const end = options.limit ? start + options.limit : selected.length;
    const listRevision = token?.revision ?? this.revisionOverride ?? revision;
    return {
      items: selected.slice(start, end),
      resourceVersion: String(listRevision),
      ...(end < selected.length && { continue: JSON.stringify({ revision: listRevision, after: end }) }),
    };
  }

  async get(namespace: string, name: string): Promise<KubeObject | undefined> {
    if (!this.#withGet) throw new Error('no get');
    this.gets++;
    await Promise.resolve();
    return this.#log.get(namespace, name);
  }
}

function matchesFilter(filter: SubjectFilter | undefined, event: BusEvent): boolean {
  if (!filter) return true;
  const { ref, node } = event;
  return (
    (filter.group === undefined || filter.group === ref.group) &&
    (filter.resource === undefined || filter.resource === ref.resource) &&
    (filter.namespace === undefined || filter.namespace === ref.namespace) &&
    (filter.name === undefined || filter.name === ref.name) &&
    (filter.node === undefined || filter.node === node)
  );
}

const unfiltered = (filter: SubjectFilter | undefined) => !filter || Object.values(filter).every((v) => v === undefined);

class MemorySubscription implements EventSubscription {
  readonly #log: InMemoryEventLog;
  readonly #options: SubscribeOptions;
  #cursor: Revision;
  #closed = false;
  #error: unknown = undefined;
  #wake: (() => void) | undefined;

  constructor(log: InMemoryEventLog, options: SubscribeOptions) {
    this.#log = log;
    this.#options = options;
    this.#cursor = options.fromRevision;
  }

  wake(): void {
    this.#wake?.();
  }

  fail(err: unknown): void {
    this.#error = err;
    this.wake();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#log.remove(this);
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BusEvent> {
    try {
      while (!this.#closed) {
        if (this.#error !== undefined) throw this.#error;
        if (this.#cursor + 1 < this.#log.firstAvailable) throw new StreamGapError(this.#cursor + 1, this.#log.firstAvailable);
        const entries = this.#log.entriesAfter(this.#cursor);
        if (entries.length === 0) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
          this.#wake = undefined;
          continue;
        }
        for (const entry of entries) {
          if (this.#closed || this.#error !== undefined) break;
          this.#cursor = entry.revision;
          const delivered = entry.event ? matchesFilter(this.#options.filter, entry.event) : unfiltered(this.#options.filter);
          if (!delivered) continue;
          if (entry.event) yield entry.event;
          this.#options.onPosition?.(entry.revision);
        }
      }
    } finally {
      await this.close();
    }
  }
}
