import { deepCopy, conflict, type GroupKind, type KubeObject, rfc3339 } from '@kubeledger/api';
import type { DeleteOptions } from './delete-options.js';
import { gcFinalizers } from './gc-finalizers.js';

/** What a delete of one object comes to, decided on the object as read (upstream's Store.Delete and rest.BeforeDelete). */
export type DeletePlan =
  /** A graceful deletion is already under way and this request does not shorten it: nothing to write. */
  | { readonly kind: 'pending' }
  /** Remove the object now. */
  | { readonly kind: 'delete' }
  /** Write `object` (deletionTimestamp, grace period, finalizers); remove it right after when `thenDelete`. */
  | { readonly kind: 'update'; readonly object: KubeObject; readonly thenDelete: boolean };

/** A resource whose objects are deleted gracefully (pods): the grace period, in seconds, for this delete. */
export type GracePeriodFn = (object: KubeObject, requested: number | undefined) => number;

/** metav1.Time at second precision. */

/** A delete's uid and resourceVersion preconditions against the object: 409 with upstream's messages, reported on the Kind (rest.BeforeDelete builds its GroupResource from the kind). */
export function checkDeletePreconditions(existing: KubeObject, preconditions: DeleteOptions['preconditions'], gk: GroupKind): void {
  const meta = existing.metadata ?? {};
  const name = meta.name ?? '';
  const { uid, resourceVersion } = preconditions ?? {};
  const on = { group: gk.group, resource: gk.kind };
  if (uid !== undefined && uid !== meta.uid) {
    throw conflict(on, name, `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`);
  }
  if (resourceVersion !== undefined && resourceVersion !== meta.resourceVersion) {
    throw conflict(on, name, `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`);
  }
}

/**
 * Decides a delete: preconditions (409 with upstream's messages), graceful deletion for resources
 * that support it, the garbage collector's finalizers (`orphan`, `foregroundDeletion`), and
 * whether finalizers keep the object (deletionTimestamp set, the object stays). Pure: the caller
 * writes the plan, and plans again on the new state when another writer got in first.
 */
export function planDelete(existing: KubeObject, options: DeleteOptions, gk: GroupKind, gracePeriod: GracePeriodFn | undefined, now = Date.now()): DeletePlan {
  checkDeletePreconditions(existing, options.preconditions, gk);

  const object = deepCopy(existing);
  const m = object.metadata!;
  let requested = options.gracePeriodSeconds;
  if (requested !== undefined && requested < 0) requested = 1; // negative means 1s on the delete path
  let graceful = false;
  let period = 0;
  if (gracePeriod) {
    const deletionTimestamp = m['deletionTimestamp'] as string | undefined;
    const current = m['deletionGracePeriodSeconds'] as number | undefined;
    if (deletionTimestamp !== undefined) {
      // Already being deleted: only a shorter grace period changes anything.
      if (current !== undefined && current !== 0) {
        if (requested === undefined || requested >= current) return { kind: 'pending' };
        m['deletionTimestamp'] = rfc3339(Date.parse(deletionTimestamp) - current * 1000 + requested * 1000);
        m['deletionGracePeriodSeconds'] = requested;
        graceful = true;
        period = requested;
      }
    } else {
      period = gracePeriod(object, requested);
      m['deletionTimestamp'] = rfc3339(now + period * 1000);
      m['deletionGracePeriodSeconds'] = period;
      if (typeof m['generation'] === 'number' && m['generation'] > 0) m['generation'] += 1;
      graceful = true;
    }
  }

  const hadFinalizers = ((existing.metadata?.['finalizers'] as string[] | undefined) ?? []).length > 0;
  const gc = gcFinalizers(object, options);
  if (!graceful && !hadFinalizers && !gc.changed) return { kind: 'delete' };
  if (gc.changed) m['finalizers'] = gc.finalizers;
  const pendingFinalizers = gc.finalizers.length > 0;
  if (!pendingFinalizers && gc.changed) delete m['finalizers'];
  if (!graceful) {
    if (!pendingFinalizers) return { kind: 'delete' };
    markAsDeleting(m, now);
    return { kind: 'update', object, thenDelete: false };
  }
  return { kind: 'update', object, thenDelete: !pendingFinalizers && period === 0 };
}

/** markAsDeleting (store.go): deletionTimestamp now (or earlier, if already set), grace 0, generation bumped on the first mark. */
function markAsDeleting(m: Record<string, unknown>, now: number): void {
  const existing = m['deletionTimestamp'] as string | undefined;
  if (existing === undefined && typeof m['generation'] === 'number' && m['generation'] > 0) m['generation'] += 1;
  if (existing === undefined || Date.parse(existing) > now) m['deletionTimestamp'] = rfc3339(now);
  m['deletionGracePeriodSeconds'] = 0;
}

/**
 * ShouldDeleteDuringUpdate (store.go): an update that removes the last finalizer of an object
 * marked for deletion with no grace period left deletes it.
 */
export function shouldDeleteDuringUpdate(updated: KubeObject, existing: KubeObject): boolean {
  const finalizers = (o: KubeObject) => ((o.metadata?.['finalizers'] as string[] | undefined) ?? []).length;
  if (finalizers(updated) > 0 || finalizers(existing) === 0) return false;
  return existing.metadata?.['deletionTimestamp'] !== undefined && existing.metadata?.['deletionGracePeriodSeconds'] === 0;
}
