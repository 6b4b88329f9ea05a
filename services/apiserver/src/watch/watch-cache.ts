import { encodeContinueToken, objectKey, scopePrefix, tooLargeResourceVersion, type KubeObject, type ResourceScope, type Revision } from '@kubeledger/api';
import { ensureStream, isStreamGapError, subscribeEvents, type BusConnection, type BusEvent, type EventSubscription } from '@kubeledger/bus';
import { isStorageError, type EventStore, type StoredObject } from '@kubeledger/event-store';
import { EventBuffer } from './event-buffer.js';
import type { CacheEvent } from './watch-event.js';
import type { WatchOptions } from './watch-options.js';
import type { Watcher } from './watcher.js';

export interface WatchCacheOptions {
  /** The resources whose current state the cache holds (group and resource of each). */
  readonly resources: readonly ResourceScope[];
  /** Recent events kept for watches that start in the past (older ones are read from Postgres). */
  readonly capacity?: number;
  /** How often watchers that accept bookmarks get one (upstream: about a minute). */
  readonly bookmarkIntervalMs?: number;
  readonly log?: (message: string) => void;
}

/** Events read from Postgres per query when a watch or the cache itself catches up. */
const REPLAY_PAGE = 1000;
/** How long a watch waits for the cache to reach the revision it must start from (upstream: 3 s). */
const FRESHNESS_WAIT_MS = 3000;
/** How long a list waits for the cache before it reads Postgres instead. */
const LIST_WAIT_MS = 250;

/** How fresh a list must be: any state, at least the head of the log (a consistent read), or at least a revision. */
export type ListFreshness = 'any' | 'head' | Revision;

/** The first page of a list served from the cache; later pages are read from Postgres at `revision`. */
export interface CacheList {
  readonly objects: readonly KubeObject[];
  readonly revision: Revision;
  readonly continue?: string;
}

/**
 * The per-replica watch cache (DESIGN §4, upstream's Cacher + watchCache): the current state of
 * every object and a window of recent events, fed in revision order by an ordered JetStream
 * consumer (stream sequence == revision). Watches attach to it at a revision: from the window
 * when it still holds their start, otherwise after a replay of the events in between from
 * Postgres; a start below the compaction horizon is Expired.
 */
export class WatchCache {
  readonly #store: EventStore;
  readonly #bus: BusConnection;
  readonly #options: WatchCacheOptions;
  readonly #log: (message: string) => void;
  /** group-resource prefix → key → object. */
  readonly #state = new Map<string, Map<string, KubeObject>>();
  #events: EventBuffer;
  /** Every event up to this revision has been applied. */
  #revision: Revision = 0;
  readonly #watchers = new Map<string, Set<Watcher>>();
  #waiters: { revision: Revision; resolve: () => void }[] = [];
  #subscription: EventSubscription | undefined;
  #stopped = false;
  #feed: Promise<void> = Promise.resolve();
  #bookmarkTimer: NodeJS.Timeout | undefined;

  private constructor(store: EventStore, bus: BusConnection, options: WatchCacheOptions) {
    this.#store = store;
    this.#bus = bus;
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    this.#events = new EventBuffer(options.capacity ?? 50_000, 0);
  }

  /** Loads the current state from Postgres, then follows the stream from there. */
  static async start(store: EventStore, bus: BusConnection, options: WatchCacheOptions): Promise<WatchCache> {
    const cache = new WatchCache(store, bus, options);
    await ensureStream(bus);
    await cache.#load();
    cache.#feed = cache.#follow();
    cache.#bookmarkTimer = setInterval(() => cache.#sendBookmarks(), options.bookmarkIntervalMs ?? 60_000);
    cache.#bookmarkTimer.unref();
    return cache;
  }

  /** The revision the cache has applied everything up to. */
  get revision(): Revision {
    return this.#revision;
  }

  /** The oldest revision a watch can start after without reading Postgres. */
  get windowStart(): Revision {
    return this.#events.start;
  }

  /** Resolves true once the cache has applied `revision`, false after `timeoutMs`. */
  waitFor(revision: Revision, timeoutMs: number): Promise<boolean> {
    if (this.#revision >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { revision, resolve: () => resolve(true) };
      this.#waiters.push(waiter);
      setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(this.#revision >= revision);
      }, timeoutMs).unref();
    });
  }

  /** The object at `key` as of the cache's revision (it may lag a write just acknowledged elsewhere). */
  get(key: string): KubeObject | undefined {
    return this.#state.get(groupResourcePrefix(key))?.get(key);
  }

  /** The objects under `keyPrefix` that match, in key order, and the revision they are current at. */
  snapshot(keyPrefix: string, matches: (object: KubeObject) => boolean): { objects: KubeObject[]; revision: Revision } {
    return { objects: this.#matching(keyPrefix, matches).map(([, o]) => o), revision: this.#revision };
  }

  /**
   * A LIST from memory, as upstream serves lists from its watch cache: once the cache has reached
   * the freshness asked for (a consistent read waits for the head of the log), the matching objects
   * in key order, at most `limit` (the continue token then names the cache's revision, which
   * Postgres serves the later pages at). Undefined when the cache does not get there in time.
   */
  async list(keyPrefix: string, matches: (object: KubeObject) => boolean, freshness: ListFreshness, limit?: number): Promise<CacheList | undefined> {
    const target = freshness === 'any' ? 0 : freshness === 'head' ? await this.#store.currentRevision() : freshness;
    if (target > this.#revision && !(await this.waitFor(target, LIST_WAIT_MS))) return undefined;
    const revision = this.#revision;
    const entries = this.#matching(keyPrefix, matches);
    const more = limit !== undefined && limit > 0 && entries.length > limit;
    const page = more ? entries.slice(0, limit) : entries;
    return {
      objects: page.map(([, o]) => o),
      revision,
      ...(more && { continue: encodeContinueToken({ revision, afterKey: page[page.length - 1]![0] }) }),
    };
  }

  #matching(keyPrefix: string, matches: (object: KubeObject) => boolean): [string, KubeObject][] {
    const entries: [string, KubeObject][] = [];
    for (const [key, object] of this.#state.get(groupResourcePrefix(keyPrefix)) ?? []) {
      if (key.startsWith(keyPrefix) && matches(object)) entries.push([key, object]);
    }
    return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /**
   * Attaches `watcher` to receive every event after `after`: at once from the window when it holds
   * them, else from Postgres first. Rejects with the storage error (Expired) when they are compacted.
   */
  async attach(watcher: Watcher, after: Revision): Promise<void> {
    watcher.startAfter(after);
    const group = groupResourcePrefix(watcher.filter.keyPrefix);
    let set = this.#watchers.get(group);
    if (!set) this.#watchers.set(group, (set = new Set()));
    set.add(watcher);
    watcher.onClose(() => set.delete(watcher));
    if (after >= this.#revision) return;
    if (after >= this.#events.start) {
      for (const event of this.#events.after(after)) watcher.replay(event);
      return;
    }
    // Older than the window: replay from Postgres up to what the cache had when the watcher joined.
    const until = this.#revision;
    watcher.beginReplay();
    try {
      let from = after;
      while (from < until && !watcher.closed) {
        const changes = await this.#store.readChanges(from, REPLAY_PAGE, watcher.filter.keyPrefix);
        for (const change of changes) if (change.revision <= until) watcher.replay(change);
        if (changes.length < REPLAY_PAGE) break;
        from = changes[changes.length - 1]!.revision;
      }
    } catch (err) {
      set.delete(watcher);
      throw err;
    }
    watcher.endReplay();
  }

  /**
   * Starts `watcher` as its options say (upstream's resourceVersion semantics): with the current
   * state as ADDED events first for RV "" (consistent: at least the head), "0" (any) or with
   * `sendInitialEvents` (at least RV), then every later event; RV N alone: the events after N.
   * Rejects with a storage error (Expired, TooLargeRevision) when that start is not available.
   */
  async watch(watcher: Watcher, options: WatchOptions, scope: ResourceScope): Promise<void> {
    const rv = options.resourceVersion;
    const initial = options.sendInitialEvents ?? (rv === '' || rv === '0');
    if (!initial) {
      if (rv === '0') return this.attach(watcher, this.#revision);
      const after = rv === '' ? await this.#store.currentRevision() : Number(rv);
      if (after > this.#revision) await this.#assertNotAboveHead(after);
      return this.attach(watcher, after);
    }
    const endBookmark = options.sendInitialEvents === true;
    const target = rv === '' ? await this.#store.currentRevision() : Number(rv);
    if (target <= this.#revision || (await this.waitFor(target, FRESHNESS_WAIT_MS))) {
      const { objects, revision } = this.snapshot(watcher.filter.keyPrefix, watcher.filter.matches);
      watcher.sendInitial(objects, revision, endBookmark);
      return this.attach(watcher, revision);
    }
    // The cache lags (its stream is behind): the state comes from Postgres, the events after it from the cache.
    await this.#assertNotAboveHead(target);
    const { objects, revision } = await this.#listFromStore(scope, watcher.filter.matches);
    watcher.sendInitial(objects, revision, endBookmark);
    return this.attach(watcher, revision);
  }

  async #assertNotAboveHead(revision: Revision): Promise<void> {
    const head = await this.#store.currentRevision();
    if (revision > head) throw tooLargeResourceVersion(revision, head);
  }

  async #listFromStore(scope: ResourceScope, matches: (object: KubeObject) => boolean): Promise<{ objects: KubeObject[]; revision: Revision }> {
    const { items, revision } = await listAll(this.#store, scope);
    return { objects: items.map((i) => i.object).filter(matches), revision };
  }

  /** Number of open watchers. */
  get watcherCount(): number {
    let n = 0;
    for (const set of this.#watchers.values()) n += set.size;
    return n;
  }

  /** Stops following the stream and ends every watch. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#bookmarkTimer);
    await this.#subscription?.close();
    await this.#feed;
    this.endWatches();
  }

  /** Ends every open watch stream cleanly (clients re-watch from their last revision); the cache goes on. */
  endWatches(): void {
    for (const set of this.#watchers.values()) for (const watcher of [...set]) watcher.close();
  }

  async #load(): Promise<void> {
    this.#state.clear();
    let revision: Revision | undefined;
    for (const resource of this.#options.resources) {
      const scope = { group: resource.group, resource: resource.resource };
      const all = await listAll(this.#store, scope, revision);
      revision = all.revision;
      this.#state.set(scopePrefix(scope), new Map(all.items.map((i) => [i.key, i.object])));
    }
    this.#revision = revision ?? (await this.#store.currentRevision());
    this.#events = new EventBuffer(this.#options.capacity ?? 50_000, this.#revision);
  }

  /** Applies the stream from the cache's revision on, for as long as the cache runs. */
  async #follow(): Promise<void> {
    while (!this.#stopped) {
      try {
        this.#subscription = await subscribeEvents(this.#bus, { fromRevision: this.#revision, onPosition: (r) => this.#advance(r) });
        if (this.#stopped) await this.#subscription.close();
        for await (const event of this.#subscription) await this.#applyBusEvent(event);
      } catch (err) {
        if (this.#stopped) break;
        if (isStreamGapError(err)) {
          await this.#catchUpFromStore().catch((e: unknown) => this.#log(`watch cache: catching up from Postgres failed: ${(e as Error).message}`));
          continue;
        }
        this.#log(`watch cache: stream subscription failed, retrying: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** The stream no longer holds the next revisions: read them from Postgres; relist if they are compacted. */
  async #catchUpFromStore(): Promise<void> {
    try {
      for (;;) {
        const changes = await this.#store.readChanges(this.#revision, REPLAY_PAGE);
        for (const change of changes) this.#apply(change);
        if (changes.length < REPLAY_PAGE) break;
      }
      this.#advance(await this.#store.currentRevision());
    } catch (err) {
      if (!isStorageError(err, 'Expired')) throw err;
      this.#log('watch cache: the events after its revision are compacted; reloading and ending every watch');
      this.endWatches();
      await this.#load();
    }
  }

  async #applyBusEvent(event: BusEvent): Promise<void> {
    const key = objectKey(event.ref);
    let object = event.object;
    if (object === null) {
      // Too large for the bus: read this revision's state from Postgres.
      const [change] = await this.#store.readChanges(event.revision - 1, 1);
      if (!change || change.revision !== event.revision) return;
      object = change.object;
    }
    const previous = this.#state.get(groupResourcePrefix(key))?.get(key);
    this.#apply({ revision: event.revision, type: event.type, key, object, ...(previous && { prevObject: previous }) });
  }

  #apply(event: CacheEvent): void {
    if (event.revision <= this.#revision) return;
    const group = groupResourcePrefix(event.key);
    let objects = this.#state.get(group);
    if (!objects) this.#state.set(group, (objects = new Map()));
    const previous = objects.get(event.key);
    const withPrevious: CacheEvent = event.prevObject || !previous ? event : { ...event, prevObject: previous };
    if (event.type === 'DELETED') objects.delete(event.key);
    else objects.set(event.key, event.object);
    this.#events.push(withPrevious);
    this.#revision = event.revision;
    for (const watcher of this.#watchers.get(group) ?? []) watcher.offer(withPrevious);
    this.#wake();
  }

  /** Revisions without events (gap fillers) move the cache on too. */
  #advance(revision: Revision): void {
    if (revision <= this.#revision) return;
    this.#revision = revision;
    this.#wake();
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((w) => w.revision <= this.#revision);
    this.#waiters = this.#waiters.filter((w) => w.revision > this.#revision);
    for (const w of ready) w.resolve();
  }

  #sendBookmarks(): void {
    for (const set of this.#watchers.values()) for (const watcher of set) watcher.bookmark(this.#revision);
  }
}

/** Every object of `scope` at one revision (`revision`, or the head), following continue tokens. */
async function listAll(store: EventStore, scope: ResourceScope, revision?: Revision): Promise<{ items: StoredObject[]; revision: Revision }> {
  let page = await store.list({ scope, ...(revision !== undefined && { revision }) });
  const items = [...page.items];
  while (page.continue) {
    page = await store.list({ scope, continue: page.continue });
    items.push(...page.items);
  }
  return { items, revision: page.revision };
}

/** `/<group>/<resource>/` of a key or key prefix. */
function groupResourcePrefix(keyOrPrefix: string): string {
  const second = keyOrPrefix.indexOf('/', 1);
  const third = keyOrPrefix.indexOf('/', second + 1);
  return keyOrPrefix.slice(0, third + 1);
}
