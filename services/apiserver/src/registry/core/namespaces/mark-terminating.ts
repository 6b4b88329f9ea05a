import { deepCopy, rfc3339, type KubeObject } from '@kubeledger/api';
import type { DeleteOptions } from '../../deletion/delete-options.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../deletion/gc-finalizers.js';

/**
 * What a first delete of a namespace writes (upstream's namespace REST Delete): the deletion
 * timestamp, phase Terminating, and the garbage collector's `orphan` / `foregroundDeletion`
 * finalizers as the options ask (an option unset keeps what the namespace has). The namespace
 * stays: its content goes first.
 */
export function markTerminating(ns: KubeObject, options: DeleteOptions, now = Date.now()): KubeObject {
  const marked = deepCopy(ns);
  const meta = (marked.metadata ??= {});
  if (meta['deletionTimestamp'] === undefined) meta['deletionTimestamp'] = rfc3339(now);
  marked['status'] = { ...(marked['status'] as object | undefined), phase: 'Terminating' };
  const current = (meta['finalizers'] as string[] | undefined) ?? [];
  const orphan = options.orphanDependents ?? (options.propagationPolicy ? options.propagationPolicy === 'Orphan' : current.includes(ORPHAN_FINALIZER));
  const foreground = options.orphanDependents !== undefined ? !options.orphanDependents : options.propagationPolicy ? options.propagationPolicy === 'Foreground' : current.includes(FOREGROUND_FINALIZER);
  const wanted = current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphan) wanted.push(ORPHAN_FINALIZER);
  if (foreground) wanted.push(FOREGROUND_FINALIZER);
  const changed = orphan !== current.includes(ORPHAN_FINALIZER) || foreground !== current.includes(FOREGROUND_FINALIZER);
  if (changed) meta['finalizers'] = wanted;
  return marked;
}
