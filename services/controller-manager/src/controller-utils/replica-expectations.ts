import type { KubeObject } from '@kubeledger/api';

/** Upstream's `ExpectationsTimeout`: expectations older than this are given up on (the cache is believed again). */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

/** What the expectations are checked against: the pod cache. */
export interface PodCacheView {
  /** The cached pod of that name in the ReplicaSet's namespace. */
  readonly getPod: (name: string) => KubeObject | undefined;
  /** The revision the pod cache is current at (the informer's lastSyncRevision). */
  readonly revision: number;
}

interface Pending {
  /** Created pods not yet seen: name → uid and the revision of the create. */
  readonly creates: Map<string, { readonly uid: string | undefined; readonly revision: number | undefined }>;
  /** Deleted pods not yet seen gone or terminating: name → uid. */
  readonly deletes: Map<string, string | undefined>;
  at: number;
}

/**
 * The pod creates and deletes a ReplicaSet's last sync made that the pod cache has not shown yet
 * (upstream's `UIDTrackingControllerExpectations`). Until they are met the ReplicaSet is not
 * scaled again, so a sync that runs before the informer caught up with its own writes never
 * creates or deletes a second time. Rather than counting add and delete events as upstream does,
 * each write is checked against the cache itself: a create is met once the cache holds the pod or
 * has passed the create's revision (so a pod created and deleted before the cache saw it counts
 * too, relist or not); a delete once the cache no longer holds that pod or shows it terminating.
 * Expectations older than {@link EXPECTATIONS_TTL_MS} are dropped, as upstream's.
 */
export class ReplicaExpectations {
  readonly #byKey = new Map<string, Pending>();
  readonly #ttlMs: number;

  constructor(options: { ttlMs?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? EXPECTATIONS_TTL_MS;
  }

  /** A pod this controller created (the apiserver's answer: its name, uid and resourceVersion). */
  expectCreation(key: string, pod: KubeObject, now: number): void {
    const revision = Number(pod.metadata?.resourceVersion);
    this.#for(key, now).creates.set(pod.metadata?.name ?? '', { uid: pod.metadata?.uid, revision: Number.isSafeInteger(revision) ? revision : undefined });
  }

  /** A pod this controller is about to delete. */
  expectDeletion(key: string, pod: KubeObject, now: number): void {
    this.#for(key, now).deletes.set(pod.metadata?.name ?? '', pod.metadata?.uid);
  }

  /** The delete of `name` failed: the cache will not show it (upstream's `DeletionObserved` after an error). */
  deletionFailed(key: string, name: string): void {
    this.#byKey.get(key)?.deletes.delete(name);
  }

  /**
   * upstream's `SatisfiedExpectations`: true when every expected write shows in `cache` (met ones
   * are dropped), when there are none, or when they expired.
   */
  satisfied(key: string, cache: PodCacheView, now: number): boolean {
    const pending = this.#byKey.get(key);
    if (!pending) return true;
    if (now - pending.at > this.#ttlMs) {
      this.#byKey.delete(key);
      return true;
    }
    for (const [name, created] of pending.creates) {
      const seen = cache.getPod(name);
      const met = (seen !== undefined && seen.metadata?.uid === created.uid) || (created.revision !== undefined && cache.revision >= created.revision);
      if (met) pending.creates.delete(name);
    }
    for (const [name, uid] of pending.deletes) {
      const seen = cache.getPod(name);
      if (seen === undefined || seen.metadata?.uid !== uid || seen.metadata?.['deletionTimestamp']) pending.deletes.delete(name);
    }
    if (pending.creates.size + pending.deletes.size > 0) return false;
    this.#byKey.delete(key);
    return true;
  }

  /** How long until the ReplicaSet's expectations expire; undefined when it has none. */
  expiresInMs(key: string, now: number): number | undefined {
    const pending = this.#byKey.get(key);
    return pending ? Math.max(0, pending.at + this.#ttlMs - now) : undefined;
  }

  /** Drops a ReplicaSet's expectations (it was deleted; one of the same name starts clean). */
  forget(key: string): void {
    this.#byKey.delete(key);
  }

  #for(key: string, now: number): Pending {
    let pending = this.#byKey.get(key);
    if (!pending) this.#byKey.set(key, (pending = { creates: new Map(), deletes: new Map(), at: now }));
    pending.at = now;
    return pending;
  }
}
