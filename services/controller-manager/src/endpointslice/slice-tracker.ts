import type { KubeObject } from '@kubeledger/api';

/**
 * What this controller wrote and its informer has not shown yet (upstream's endpointSliceTracker):
 * a Service whose slices in the cache are older than our own writes is not reconciled again until
 * the informer catches up (its slice event enqueues the Service again), so a stale cache never
 * makes a second slice for the same endpoints.
 */
export class SliceTracker {
  /** service key → slice name → the resourceVersion we wrote, or null for a delete. */
  readonly #expected = new Map<string, Map<string, string | null>>();

  wrote(serviceKey: string, slice: KubeObject): void {
    this.#for(serviceKey).set(slice.metadata?.name ?? '', slice.metadata?.resourceVersion ?? '');
  }

  deleted(serviceKey: string, name: string): void {
    this.#for(serviceKey).set(name, null);
  }

  /** True when every write for the Service is in `cached` (expectations met are forgotten). */
  caughtUp(serviceKey: string, cached: readonly KubeObject[]): boolean {
    const expected = this.#expected.get(serviceKey);
    if (!expected) return true;
    const byName = new Map(cached.map((s) => [s.metadata?.name ?? '', s]));
    for (const [name, resourceVersion] of expected) {
      const seen = byName.get(name);
      const met = resourceVersion === null ? seen === undefined : seen !== undefined && !olderThan(seen.metadata?.resourceVersion ?? '', resourceVersion);
      if (met) expected.delete(name);
    }
    if (expected.size === 0) this.#expected.delete(serviceKey);
    return expected.size === 0;
  }

  /** Drops the expectations of a Service (it is gone, or a write failed and the cache is the truth again). */
  forget(serviceKey: string, name?: string): void {
    if (name === undefined) this.#expected.delete(serviceKey);
    else this.#expected.get(serviceKey)?.delete(name);
  }

  #for(serviceKey: string): Map<string, string | null> {
    let expected = this.#expected.get(serviceKey);
    if (!expected) this.#expected.set(serviceKey, (expected = new Map()));
    return expected;
  }
}

/** resourceVersions here are revisions (DESIGN §3): numeric, comparable; an opaque one counts as caught up once the slice is there. */
function olderThan(seen: string, wanted: string): boolean {
  if (/^\d+$/.test(seen) && /^\d+$/.test(wanted)) return BigInt(seen) < BigInt(wanted);
  return false;
}
