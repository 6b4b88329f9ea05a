import type { KubeObject } from '@kubeledger/api';
import type { DeleteOptions } from './delete-options.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

const finalizersOf = (object: KubeObject): string[] => (object.metadata?.['finalizers'] as string[] | undefined) ?? [];

/** shouldOrphanDependents: the options first, then the object's own finalizers; the default policy (for every served version) is not to orphan. */
function shouldOrphan(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy) return options.propagationPolicy === 'Orphan';
  for (const f of finalizers) {
    if (f === ORPHAN_FINALIZER) return true;
    if (f === FOREGROUND_FINALIZER) return false;
  }
  return false;
}

/** shouldDeleteDependents: Foreground in the options, or the object's own foregroundDeletion finalizer. */
function shouldDeleteInForeground(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy) return options.propagationPolicy === 'Foreground';
  for (const f of finalizers) {
    if (f === FOREGROUND_FINALIZER) return true;
    if (f === ORPHAN_FINALIZER) return false;
  }
  return false;
}

/**
 * deletionFinalizersForGarbageCollection (store.go): the finalizers the garbage collector must
 * honour for this delete — `orphan` or `foregroundDeletion` — and whether they differ from the
 * object's. The controller that acts on them is the garbage collector's business.
 */
export function gcFinalizers(object: KubeObject, options: DeleteOptions): { changed: boolean; finalizers: string[] } {
  const current = finalizersOf(object);
  const next = current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (shouldOrphan(current, options)) next.push(ORPHAN_FINALIZER);
  if (shouldDeleteInForeground(current, options)) next.push(FOREGROUND_FINALIZER);
  const same = new Set(current).size === new Set(next).size && next.every((f) => current.includes(f));
  return { changed: !same, finalizers: same ? current : next };
}
