import type { KubeObject } from '@kubeledger/api';

/** metav1.OwnerReference. */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** The kind a controller owns objects as (`apps/v1` `ReplicaSet`). */
export interface OwnerKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** An object's `metadata.ownerReferences` (none: empty). */
export function ownerReferencesOf(object: KubeObject): readonly OwnerReference[] {
  const refs = object.metadata?.['ownerReferences'];
  return Array.isArray(refs) ? (refs as OwnerReference[]) : [];
}

/** metav1.GetControllerOf: the owner reference with `controller: true`, if any. */
export function controllerRefOf(object: KubeObject): OwnerReference | undefined {
  return ownerReferencesOf(object).find((r) => r.controller === true);
}

/**
 * metav1.NewControllerRef: the reference a controller puts on what it creates or adopts, with
 * `controller` and `blockOwnerDeletion` set (foreground deletion of the owner waits for it).
 */
export function newControllerRef(owner: KubeObject, kind: OwnerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether the object is being deleted (`metadata.deletionTimestamp` set). */
export const isBeingDeleted = (object: KubeObject): boolean => Boolean(object.metadata?.['deletionTimestamp']);

/** An object's labels (none: empty). */
export const labelsOf = (object: KubeObject | undefined): Readonly<Record<string, string>> => (object?.metadata?.labels ?? {}) as Record<string, string>;
