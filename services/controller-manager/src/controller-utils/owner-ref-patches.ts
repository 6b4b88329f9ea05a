import type { KubeObject } from '@kubeledger/api';
import type { OwnerReference } from './controller-ref.js';

/**
 * The strategic merge patch that adopts `object` (upstream's `AdoptPod`/`AdoptReplicaSet`): the
 * controller reference is merged into `ownerReferences` (merge key `uid`). `metadata.uid` makes the
 * patch fail (422) when the object was replaced by another of the same name; unlike upstream it
 * also carries the `resourceVersion` read (409 when the object changed since), because this
 * apiserver does not refuse a second controller reference: two controllers whose selectors
 * overlap can never both adopt the same object. `finalizers` are merged in too (upstream's
 * `ownerRefControllerPatch` with the Job controller's tracking finalizer).
 */
export function adoptionPatch(object: KubeObject, ref: OwnerReference, finalizers: readonly string[] = []): Record<string, unknown> {
  return {
    metadata: {
      ownerReferences: [ref],
      ...(finalizers.length > 0 && { finalizers: [...finalizers] }),
      uid: object.metadata?.uid,
      ...(object.metadata?.resourceVersion && { resourceVersion: object.metadata.resourceVersion }),
    },
  };
}

/**
 * The strategic merge patch that releases `object` (upstream's `ReleasePod`): the owner reference
 * with `ownerUid` is deleted (`$patch: delete` by merge key); `metadata.uid` as in {@link adoptionPatch}.
 */
export function releasePatch(object: KubeObject, ownerUid: string): Record<string, unknown> {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: object.metadata?.uid } };
}
