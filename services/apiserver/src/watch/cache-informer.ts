import { scopePrefix, type KubeObject, type ResourceScope } from '@kubeledger/api';
import type { WatchCache } from './watch-cache.js';
import { Watcher } from './watcher.js';

export interface InformerHandler {
  /** An object was added or changed; also called for each object present when the informer (re)starts. */
  upsert(object: KubeObject): void;
  /** An object was deleted (its last state). */
  remove(object: KubeObject): void;
  /** The informer restarts from a fresh list (the cache reloaded): forget every object of its scope. */
  reset(): void;
}

/**
 * An in-process informer on this replica's watch cache: every object of `scope` now, then every
 * change, to `handler`, in revision order — what in-memory views of the API (the RBAC index) are
 * kept current by. When the cache ends its watches (it reloaded after falling behind compaction)
 * the informer starts over from the cache's state. Resolves once the initial objects are
 * delivered; returns a function that stops it.
 */
export async function informFromCache(cache: WatchCache, scope: ResourceScope, handler: InformerHandler): Promise<() => void> {
  let stopped = false;
  let current: Watcher | undefined;
  const start = async () => {
    const watcher = new Watcher({
      filter: { keyPrefix: scopePrefix(scope), matches: () => true },
      bookmarks: false,
      kindObject: {},
      sink: {
        send(event) {
          if (event.type === 'DELETED') handler.remove(event.object);
          else if (event.type === 'ADDED' || event.type === 'MODIFIED') handler.upsert(event.object);
        },
        close() {},
      },
    });
    current = watcher;
    watcher.onClose(() => {
      if (stopped) return;
      setImmediate(() => {
        if (stopped) return;
        handler.reset();
        void start();
      });
    });
    await cache.watch(watcher, { resourceVersion: '0', allowWatchBookmarks: false }, scope);
  };
  await start();
  return () => {
    stopped = true;
    current?.close();
  };
}
