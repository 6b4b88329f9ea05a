/** Upstream's `BurstReplicas`: at most this many pods are created or deleted in one sync. */
export const BURST_REPLICAS = 500;

/** What one sync does about the number of pods. */
export type ReplicaPlan = { readonly action: 'create' | 'delete'; readonly count: number } | { readonly action: 'none' };

/**
 * The first half of upstream's `manageReplicas`: `diff = active − spec.replicas`; too few means
 * creating `−diff` pods, too many deleting `diff`, each capped at `burst` per sync (the rest is
 * left to the next sync, once the informer has shown these).
 */
export function planReplicas(active: number, desired: number, burst: number = BURST_REPLICAS): ReplicaPlan {
  const diff = active - desired;
  if (diff < 0) return { action: 'create', count: Math.min(-diff, burst) };
  if (diff > 0) return { action: 'delete', count: Math.min(diff, burst) };
  return { action: 'none' };
}
