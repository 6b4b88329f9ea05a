import { withResourceVersion, type EventType, type KubeObject, type Revision, type Status } from '@kubeledger/api';

/** One change as the watch cache holds it: the new state and the state before it. */
export interface CacheEvent {
  readonly revision: Revision;
  readonly type: EventType;
  readonly key: string;
  /** The new state (DELETED: the last state), `metadata.resourceVersion` = revision. */
  readonly object: KubeObject;
  /** The state before this event (absent for ADDED). */
  readonly prevObject?: KubeObject;
}

/** A frame of the watch stream (upstream's metav1.WatchEvent). */
export type WatchEvent =
  | { readonly type: EventType; readonly object: KubeObject }
  | { readonly type: 'BOOKMARK'; readonly object: KubeObject }
  | { readonly type: 'ERROR'; readonly object: Status };

/** Which objects a watch sees: one resource's keys under a prefix, and a selector predicate. */
export interface WatchFilter {
  /** `scopePrefix` of the resource (and namespace). */
  readonly keyPrefix: string;
  readonly matches: (object: KubeObject) => boolean;
}

/**
 * The event a watcher with `filter` receives for `event`, as upstream's cacheWatcher converts it:
 * an object that starts matching arrives as ADDED, one that stops matching as DELETED (its last
 * matching state, at the event's revision).
 */
export function toWatchEvent(event: CacheEvent, filter: WatchFilter): WatchEvent | undefined {
  if (!event.key.startsWith(filter.keyPrefix)) return undefined;
  if (event.type === 'DELETED') return filter.matches(event.object) ? { type: 'DELETED', object: event.object } : undefined;
  const now = filter.matches(event.object);
  const before = event.prevObject !== undefined && filter.matches(event.prevObject);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: withResourceVersion(event.prevObject!, event.revision) };
  return undefined;
}
