import type { KubeObject } from '@kubeledger/api';
import type { PodCacheView } from '../controller-utils/replica-expectations.js';
import { hasTrackingFinalizer } from './job-spec.js';

interface Removal {
  readonly name: string;
  /** The revision of the patch that removed it (unknown until it answered). */
  revision: number | undefined;
}

/**
 * The tracking finalizers a Job's sync removed that the pod cache does not show removed yet
 * (upstream's `uidTrackingExpectations`): such pods were counted already, so a sync that runs
 * before the cache caught up must not count them again. A removal is met once the cache shows
 * the pod without the finalizer, gone or replaced, or has passed the patch's revision.
 */
export class FinalizerExpectations {
  readonly #byKey = new Map<string, Map<string, Removal>>();

  /** Before the patches are sent: the pods (by uid) whose finalizer is being removed. */
  expectRemovals(key: string, pods: readonly KubeObject[]): void {
    let pending = this.#byKey.get(key);
    if (!pending) this.#byKey.set(key, (pending = new Map()));
    for (const pod of pods) pending.set(pod.metadata?.uid ?? '', { name: pod.metadata?.name ?? '', revision: undefined });
  }

  /** The patch answered with the pod as stored. */
  removed(key: string, pod: KubeObject): void {
    const removal = this.#byKey.get(key)?.get(pod.metadata?.uid ?? '');
    const revision = Number(pod.metadata?.resourceVersion);
    if (removal && Number.isSafeInteger(revision)) removal.revision = revision;
  }

  /** The patch failed (or found the pod gone): the cache will show nothing to wait for. */
  removalFailed(key: string, uid: string): void {
    this.#byKey.get(key)?.delete(uid);
  }

  /** The uids whose removal the cache has not shown yet (met ones are dropped). */
  pending(key: string, cache: PodCacheView): ReadonlySet<string> {
    const pending = this.#byKey.get(key);
    if (!pending) return new Set();
    for (const [uid, removal] of pending) {
      const seen = cache.getPod(removal.name);
      const met = seen === undefined || seen.metadata?.uid !== uid || !hasTrackingFinalizer(seen) || (removal.revision !== undefined && cache.revision >= removal.revision);
      if (met) pending.delete(uid);
    }
    if (pending.size === 0) this.#byKey.delete(key);
    return new Set(pending.keys());
  }

  forget(key: string): void {
    this.#byKey.delete(key);
  }
}
