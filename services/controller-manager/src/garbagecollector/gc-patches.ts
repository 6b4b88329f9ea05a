import type { OwnerReference } from '../controller-utils/controller-ref.js';

/**
 * The strategic merge patch that removes the references to `ownerUids` (upstream's
 * `GenerateDeleteOwnerRefStrategicMergeBytes`): `$patch: delete` by the merge key `uid`, and
 * `metadata.uid` as the precondition — the patch fails (422: uid is immutable) when the object
 * was replaced by another of the same name. References that are no longer there are no error.
 */
export function deleteOwnerRefsPatch(dependentUid: string, ownerUids: readonly string[]): Record<string, unknown> {
  return { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: dependentUid } };
}

/**
 * The strategic merge patch that sets blockOwnerDeletion false on every blocking reference of the
 * dependent (upstream's `unblockOwnerReferencesStrategicMergePatch`, used to break a cycle of
 * foreground deletions); `metadata.uid` as in {@link deleteOwnerRefsPatch}. Undefined when no
 * reference blocks.
 */
export function unblockOwnerRefsPatch(dependentUid: string, owners: readonly OwnerReference[]): Record<string, unknown> | undefined {
  const blocking = owners.filter((r) => r.blockOwnerDeletion === true).map((r) => ({ ...r, blockOwnerDeletion: false }));
  return blocking.length ? { metadata: { ownerReferences: blocking, uid: dependentUid } } : undefined;
}

/**
 * The JSON merge patch that sets an object's finalizers (upstream's `removeFinalizer` patch,
 * `objectForFinalizersPatch`): the resourceVersion read is the precondition (409 when the object
 * changed since); no finalizers left is `null`, as upstream's nil slice.
 */
export function finalizersPatch(resourceVersion: string | undefined, finalizers: readonly string[]): Record<string, unknown> {
  return { metadata: { ...(resourceVersion && { resourceVersion }), finalizers: finalizers.length ? [...finalizers] : null } };
}
