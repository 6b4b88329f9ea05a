import type { KubeObject, Revision, Status } from '@kubeledger/api';
import { toWatchEvent, type CacheEvent, type WatchEvent, type WatchFilter } from './watch-event.js';

/** Where a watcher's frames go: the HTTP response, in production. */
export interface WatchSink {
  send(event: WatchEvent): void;
  /** Ends the stream; called once. */
  close(): void;
}

export interface WatcherOptions {
  readonly filter: WatchFilter;
  readonly sink: WatchSink;
  /** The client accepts BOOKMARK events (`allowWatchBookmarks`). */
  readonly bookmarks: boolean;
  /** An empty object of the watched kind (kind, apiVersion), which bookmarks carry. */
  readonly kindObject: KubeObject;
}

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/**
 * One watch stream (upstream's cacheWatcher): receives the cache's events in revision order,
 * converts them for its filter and writes them to its sink. While its history is replayed from
 * Postgres, live events wait in `pending`, so nothing is lost or sent twice.
 */
export class Watcher {
  readonly filter: WatchFilter;
  readonly #sink: WatchSink;
  readonly #bookmarks: boolean;
  readonly #kindObject: KubeObject;
  /** Every event up to this revision has been delivered or filtered out. */
  #after: Revision = 0;
  #lastBookmark: Revision = 0;
  #pending: CacheEvent[] | undefined;
  #closed = false;
  readonly #closeListeners: (() => void)[] = [];

  constructor(options: WatcherOptions) {
    this.filter = options.filter;
    this.#sink = options.sink;
    this.#bookmarks = options.bookmarks;
    this.#kindObject = options.kindObject;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get revision(): Revision {
    return this.#after;
  }

  /** Starts the stream after `revision`: later events only. */
  startAfter(revision: Revision): void {
    this.#after = revision;
  }

  /** Sends the current state as ADDED events at `revision`, then, if asked, the initial-events-end bookmark. */
  sendInitial(objects: readonly KubeObject[], revision: Revision, endBookmark: boolean): void {
    for (const object of objects) this.#sink.send({ type: 'ADDED', object });
    this.#after = revision;
    if (endBookmark) this.#sendBookmark(revision, { [INITIAL_EVENTS_END]: 'true' });
  }

  /** A new event from the cache. */
  offer(event: CacheEvent): void {
    if (this.#closed || event.revision <= this.#after) return;
    if (this.#pending) this.#pending.push(event);
    else this.#emit(event);
  }

  /** From now until {@link endReplay}, live events wait while history is sent with {@link replay}. */
  beginReplay(): void {
    this.#pending = [];
  }

  replay(event: CacheEvent): void {
    if (!this.#closed && event.revision > this.#after) this.#emit(event);
  }

  endReplay(): void {
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const event of pending) this.offer(event);
  }

  /** A periodic bookmark: the client has seen everything up to `revision`. */
  bookmark(revision: Revision): void {
    if (this.#closed || !this.#bookmarks || this.#pending || revision <= this.#after || revision <= this.#lastBookmark) return;
    this.#after = revision;
    this.#sendBookmark(revision);
  }

  /** Ends the stream, after an ERROR event when `error` is given. */
  close(error?: Status): void {
    if (this.#closed) return;
    this.#closed = true;
    if (error) this.#sink.send({ type: 'ERROR', object: error });
    this.#sink.close();
    for (const listener of this.#closeListeners.splice(0)) listener();
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  #emit(event: CacheEvent): void {
    this.#after = event.revision;
    const frame = toWatchEvent(event, this.filter);
    if (frame) this.#sink.send(frame);
  }

  #sendBookmark(revision: Revision, annotations?: Record<string, string>): void {
    this.#lastBookmark = revision;
    this.#sink.send({
      type: 'BOOKMARK',
      object: { ...this.#kindObject, metadata: { resourceVersion: String(revision), ...(annotations && { annotations }) } },
    });
  }
}
