import type { KubeObject } from '@kubeledger/api';

/** metav1.FinalizerOrphanDependents: the apiserver adds it for a delete with propagationPolicy=Orphan. */
export const ORPHAN_FINALIZER = 'orphan';
/** metav1.FinalizerDeleteDependents: the apiserver adds it for a delete with propagationPolicy=Foreground. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** An object's `metadata.finalizers` (none: empty). */
export function finalizersOf(object: KubeObject): readonly string[] {
  const finalizers = object.metadata?.['finalizers'];
  return Array.isArray(finalizers) ? (finalizers as string[]) : [];
}

/** `metadata.deletionTimestamp` is set: the deletion is under way (finalizers or a grace period keep the object). */
export const beingDeleted = (object: KubeObject): boolean => Boolean(object.metadata?.['deletionTimestamp']);

/** Being deleted in the foreground: the object waits for its blocking dependents to be deleted (upstream's `isDeletingDependents`). */
export const deletingDependents = (object: KubeObject): boolean => beingDeleted(object) && finalizersOf(object).includes(FOREGROUND_FINALIZER);

/** Being deleted with its dependents orphaned: they lose their reference to it first. */
export const orphaningDependents = (object: KubeObject): boolean => beingDeleted(object) && finalizersOf(object).includes(ORPHAN_FINALIZER);
