import { DEFAULT_PAGE_SIZE } from '../rest/list-pager.js';
import { withResourceVersion, type EventType, type KubeObject, type Revision } from '@kubeledger/api';
import {
  isStreamGapError,
  subscribeEvents,
  type BusConnection,
  type BusEvent,
  type EventSubscription,
  type SubjectFilter,
  type SubscribeOptions,
} from '@kubeledger/bus';
import { startReceiveSpan } from '../tracing/receive-span.js';
import { Backoff } from './backoff.js';
import { DeletedFinalStateUnknown, type EventContext, type EventHandler, type EventHandlerRegistration } from './event-handler.js';
import type { Indexers } from './indexers.js';
import { listAll, type Lister } from './lister.js';
import { keyOf, ObjectStore, objectStoreKey, revisionOf } from './object-store.js';

/** Where events come from: `subscribeEvents` on a bus connection, or anything shaped like it (tests). */
export type EventSource = (options: SubscribeOptions) => Promise<EventSubscription>;

export interface InformerOptions<T extends KubeObject = KubeObject> {
  /** LIST over REST of the same objects `filter` and `matches` describe. */
  readonly lister: Lister<T>;
  /** The bus the events are read from (or an {@link EventSource}). */
  readonly bus: BusConnection | EventSource;
  /** Which events, as one NATS filter subject (group, resource, namespace, name, node). */
  readonly filter: SubjectFilter;
  /**
   * The client-side part of the selector (labels, fields the subject cannot express). An object
   * that stops matching is deleted from the cache, with a delete notification.
   */
  readonly matches?: (object: T) => boolean;
  /** Every so often, `onUpdate(o, o)` for every cached object (client-go's resync); none when omitted or 0. */
  readonly resyncPeriodMs?: number;
  readonly indexers?: Indexers<T>;
  /** Objects per LIST request (default 500, as client-go's pager). */
  readonly pageSize?: number;
  /** Passed on to `subscribeEvents` (a short `expiresMs` notices a lost consumer sooner). */
  readonly subscribe?: Pick<SubscribeOptions, 'batch' | 'expiresMs'>;
  /** Delays between retries of a failed list or subscription (default 200 ms doubling to 30 s). */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Names the informer in log lines (default: the filter). */
  readonly name?: string;
  readonly log?: (message: string) => void;
}

/** What the informer has done so far (for tests and metrics). */
export interface InformerStats {
  /** Complete LISTs (the first one and every relist). */
  readonly lists: number;
  /** Subscriptions opened on the bus. */
  readonly subscriptions: number;
  /** Bus events applied to the cache. */
  readonly events: number;
  readonly resyncs: number;
}

/** `start()` was pending when `stop()` was called. */
export class InformerStoppedError extends Error {
  override readonly name = 'InformerStoppedError';
}

/** An oversize event arrived and the lister cannot read single objects: the cache is refreshed by a relist. */
class RelistRequired extends Error {
  override readonly name = 'RelistRequired';
}

const HEALTHY_SUBSCRIPTION_MS = 60_000;

/**
 * A cache of one resource kept current from the bus (DESIGN §3, §5), with event handlers — the
 * shape of client-go's SharedIndexInformer, small: LIST over REST at revision R, then the stream
 * from R+1 with one filter subject, applied in revision order.
 *
 * - An event at or below the cached object's revision is ignored: the cache never goes backwards.
 * - The stream no longer holds R+1 ({@link StreamGapError}), or a continue token expired mid-list:
 *   relist, and notify the differences (a vanished object as a {@link DeletedFinalStateUnknown}).
 * - The subscription fails (NATS down, consumer gone for good): subscribe again from the last
 *   revision seen, with backoff; a gap there means relist.
 *
 * A filter on a token that can change (a pod's node) sees objects move in, not out: a pod bound
 * to node n1 arrives in a `node: 'n1'` informer, but its binding is not published on `node: ''`.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly #lister: Lister<T>;
  readonly #subscribe: EventSource;
  readonly #filter: SubjectFilter;
  readonly #matches: (object: T) => boolean;
  readonly #resyncPeriodMs: number;
  readonly #pageSize: number | undefined;
  readonly #subscribeOptions: Pick<SubscribeOptions, 'batch' | 'expiresMs'>;
  readonly #backoff: Backoff;
  readonly #name: string;
  readonly #log: (message: string) => void;
  readonly #store: ObjectStore<T>;
  readonly #handlers = new Set<EventHandler<T>>();
  readonly #abort = new AbortController();
  /** Every event up to this revision has been applied (the list's revision, then the stream's). */
  #revision: Revision = 0;
  #synced = false;
  #stopped = false;
  #running: Promise<void> | undefined;
  #subscription: EventSubscription | undefined;
  #resyncTimer: NodeJS.Timeout | undefined;
  #wakeSleeper: (() => void) | undefined;
  #syncWaiters: ((synced: boolean) => void)[] = [];
  #stats = { lists: 0, subscriptions: 0, events: 0, resyncs: 0 };

  constructor(options: InformerOptions<T>) {
    const { bus } = options;
    this.#lister = options.lister;
    this.#subscribe = typeof bus === 'function' ? bus : (o) => subscribeEvents(bus, o);
    this.#filter = options.filter;
    this.#matches = options.matches ?? (() => true);
    this.#resyncPeriodMs = options.resyncPeriodMs ?? 0;
    this.#pageSize = options.pageSize === undefined ? DEFAULT_PAGE_SIZE : options.pageSize > 0 ? options.pageSize : undefined;
    this.#subscribeOptions = options.subscribe ?? {};
    this.#backoff = new Backoff(options.backoff?.initialMs, options.backoff?.maxMs);
    this.#name = options.name ?? describeFilter(options.filter);
    const log = options.log ?? (() => undefined);
    this.#log = (message) => {
      try {
        log(message);
      } catch {
        // a logger must not stop the informer
      }
    };
    this.#store = new ObjectStore(options.indexers);
  }

  /**
   * Adds a handler. Added after the cache has objects, it first gets each of them as an add
   * (`isInInitialList` true), as client-go does.
   */
  addEventHandler(handler: EventHandler<T>): EventHandlerRegistration {
    this.#handlers.add(handler);
    for (const object of this.#store.values()) this.#call(handler, 'onAdd', () => handler.onAdd?.(object, true));
    return { remove: () => void this.#handlers.delete(handler) };
  }

  /**
   * Lists, then follows the stream until {@link stop}; calling it again changes nothing. Resolves
   * once the first list is in the cache and its adds are delivered; rejects with
   * {@link InformerStoppedError} when stopped before (`void informer.start()` is safe: that
   * rejection is never unhandled).
   */
  start(): Promise<void> {
    if (!this.#running && !this.#stopped) {
      this.#running = this.#run();
      if (this.#resyncPeriodMs > 0) {
        this.#resyncTimer = setInterval(() => this.#resync(), this.#resyncPeriodMs);
        this.#resyncTimer.unref();
      }
    }
    const started = this.whenSynced().then((synced) => {
      if (!synced) throw new InformerStoppedError(`informer ${this.#name} was stopped before it synced`);
    });
    started.catch(() => undefined);
    return started;
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves true once synced, false if the informer is stopped first. */
  whenSynced(): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  /** The revision the cache is current at: the last list's, or the last event's after it (client-go's LastSyncResourceVersion). */
  get lastSyncRevision(): Revision {
    return this.#revision;
  }

  get stats(): InformerStats {
    return { ...this.#stats };
  }

  /** The cached object; `namespace` '' for a cluster-scoped one. */
  get(namespace: string, name: string): T | undefined {
    return this.#store.get(objectStoreKey(namespace, name));
  }

  /** The cached object at a key `<namespace>/<name>` or `<name>`. */
  getByKey(key: string): T | undefined {
    return this.#store.get(key);
  }

  /** Every cached object, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = this.#store.values();
    return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? '') === namespace);
  }

  /** The keys of every cached object. */
  listKeys(): string[] {
    return [...this.#store.keys()];
  }

  /** Adds indexes (see {@link ObjectStore.addIndexers}): also once the cache holds objects. */
  addIndexers(indexers: Indexers<T>): void {
    this.#store.addIndexers(indexers);
  }

  /** The cached objects filed under `value` in index `indexName`. Throws for an index the informer was not given. */
  byIndex(indexName: string, value: string): T[] {
    return this.#store.byIndex(indexName, value);
  }

  /** Stops following the stream and resyncing; handlers get nothing more. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#running;
    this.#stopped = true;
    clearInterval(this.#resyncTimer);
    this.#abort.abort();
    this.#wakeSleeper?.();
    for (const resolve of this.#syncWaiters.splice(0)) resolve(false);
    await this.#subscription?.close();
    await this.#running;
  }

  async #run(): Promise<void> {
    let needList = true;
    // Relists forced by gaps with no event in between: the stream keeps moving past what the lister serves.
    let gapRelists = 0;
    while (!this.#stopped) {
      if (needList) {
        try {
          await this.#relist();
          needList = false;
          if (gapRelists === 0) this.#backoff.reset();
        } catch (err) {
          if (this.#stopped) break;
          const delay = this.#backoff.next();
          this.#log(`informer ${this.#name}: list failed, retrying in ${delay} ms: ${messageOf(err)}`);
          await this.#sleep(delay);
          continue;
        }
      }
      const subscribedAt = Date.now();
      try {
        const subscription = await this.#subscribe({
          ...this.#subscribeOptions,
          fromRevision: this.#revision,
          filter: this.#filter,
          onPosition: (revision) => this.#advance(revision),
        });
        this.#subscription = subscription;
        this.#stats.subscriptions++;
        if (this.#stopped) await subscription.close();
        for await (const event of subscription) {
          await this.#onEvent(event);
          this.#backoff.reset();
          gapRelists = 0;
        }
        if (this.#stopped) break;
        const delay = this.#backoff.next();
        this.#log(`informer ${this.#name}: the subscription ended, subscribing again from revision ${this.#revision} in ${delay} ms`);
        await this.#sleep(delay);
      } catch (err) {
        if (this.#stopped) break;
        // A subscription that ran a good while before failing starts the delays over.
        if (Date.now() - subscribedAt > HEALTHY_SUBSCRIPTION_MS) this.#backoff.reset();
        if (isStreamGapError(err) || err instanceof RelistRequired) {
          this.#log(`informer ${this.#name}: relisting: ${messageOf(err)}`);
          if (++gapRelists > 1) await this.#sleep(this.#backoff.next());
          needList = true;
          continue;
        }
        const delay = this.#backoff.next();
        this.#log(`informer ${this.#name}: subscription failed, subscribing again from revision ${this.#revision} in ${delay} ms: ${messageOf(err)}`);
        await this.#sleep(delay);
      } finally {
        this.#subscription = undefined;
      }
    }
  }

  /** LIST, then make the cache what it returned, notifying the differences (client-go's Replace). */
  async #relist(): Promise<void> {
    const { items, revision } = await listAll(this.#lister, this.#pageSize, this.#abort.signal);
    if (this.#stopped) return;
    this.#stats.lists++;
    const initial = !this.#synced;
    const listed = new Map<string, T>();
    for (const item of items) if (this.#matches(item)) listed.set(keyOf(item), item);
    for (const [key, cached] of [...this.#store.entries()]) {
      // Gone while the informer was not looking, or no longer matching. (Newer than the list: kept.)
      if (listed.has(key) || revisionOf(cached) > revision) continue;
      this.#store.delete(key);
      this.#emit('onDelete', (h) => h.onDelete?.(new DeletedFinalStateUnknown(key, cached)));
    }
    for (const [key, object] of listed) {
      const cached = this.#store.get(key);
      if (!cached) {
        this.#store.set(key, object);
        this.#emit('onAdd', (h) => h.onAdd?.(object, initial));
      } else if (revisionOf(cached) < revisionOf(object)) {
        this.#store.set(key, object);
        this.#emit('onUpdate', (h) => h.onUpdate?.(cached, object));
      }
    }
    this.#revision = revision;
    if (initial) {
      this.#synced = true;
      for (const resolve of this.#syncWaiters.splice(0)) resolve(true);
    }
  }

  async #onEvent(event: BusEvent): Promise<void> {
    if (event.revision <= this.#revision) return;
    const { namespace, name } = event.ref;
    let type: EventType = event.type;
    let object = event.object as T | null;
    if (object === null && type !== 'DELETED') {
      // Too large for the bus: read the object from the apiserver.
      if (!this.#lister.get) throw new RelistRequired(`revision ${event.revision} (${namespace}/${name}) is too large for the bus and the lister has no get`);
      const fetched = await this.#lister.get(namespace, name, { signal: this.#abort.signal });
      if (this.#stopped) return;
      if (fetched) object = fetched;
      else type = 'DELETED';
    }
    // Handlers see the receive span's trace context, so the work they queue continues from it.
    const received = startReceiveSpan(event);
    const traceparent = received?.traceparent ?? event.traceparent;
    const ctx: EventContext = { revision: event.revision, ...(traceparent !== undefined && { traceparent }) };
    try {
      this.#apply(type, objectStoreKey(namespace, name), object, ctx);
    } finally {
      received?.span.end();
    }
    this.#stats.events++;
    this.#advance(event.revision);
  }

  #apply(type: EventType, key: string, object: T | null, ctx: EventContext): void {
    const cached = this.#store.get(key);
    switch (type) {
      case 'DELETED': {
        if (!cached || revisionOf(cached) >= ctx.revision) return;
        this.#store.delete(key);
        const last = object ?? withResourceVersion(cached, ctx.revision);
        this.#emit('onDelete', (h) => h.onDelete?.(last, ctx));
        return;
      }
      case 'ADDED':
      case 'MODIFIED': {
        const current = object!;
        const revision = revisionOf(current) || ctx.revision;
        if (cached && revisionOf(cached) >= revision) return;
        if (!this.#matches(current)) {
          // A selector transition: it left the informer's set (upstream sends its previous state as DELETED).
          if (!cached) return;
          this.#store.delete(key);
          const previous = withResourceVersion(cached, revision);
          this.#emit('onDelete', (h) => h.onDelete?.(previous, ctx));
          return;
        }
        this.#store.set(key, current);
        if (cached) this.#emit('onUpdate', (h) => h.onUpdate?.(cached, current, ctx));
        else this.#emit('onAdd', (h) => h.onAdd?.(current, false, ctx));
        return;
      }
      default: {
        const never: never = type;
        throw new Error(`unknown event type ${String(never)}`);
      }
    }
  }

  /** Stream positions without an event for the informer (gap fillers) count as seen. */
  #advance(revision: Revision): void {
    if (revision > this.#revision) this.#revision = revision;
  }

  #resync(): void {
    if (!this.#synced || this.#stopped) return;
    this.#stats.resyncs++;
    for (const object of this.#store.values()) this.#emit('onUpdate', (h) => h.onUpdate?.(object, object));
  }

  #emit(what: keyof EventHandler<T>, call: (handler: EventHandler<T>) => void): void {
    for (const handler of [...this.#handlers]) this.#call(handler, what, () => call(handler));
  }

  #call(handler: EventHandler<T>, what: keyof EventHandler<T>, call: () => void): void {
    if (!this.#handlers.has(handler)) return;
    try {
      call();
    } catch (err) {
      this.#log(`informer ${this.#name}: ${what} handler threw: ${messageOf(err)}`);
    }
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeSleeper = done;
    });
    this.#wakeSleeper = undefined;
  }
}

function describeFilter(filter: SubjectFilter): string {
  const parts = (['group', 'resource', 'namespace', 'name', 'node'] as const).filter((k) => filter[k] !== undefined).map((k) => `${k}=${filter[k]}`);
  return parts.length ? `{${parts.join(',')}}` : '{all}';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
