import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import { controllerRefOf, labelsOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import { labelSelectorMatcher } from '../controller-utils/label-selector.js';
import { REPLICASET_KIND, replicaSetSpec } from './replicaset-spec.js';

/** A namespaced object's work-queue key. */
export const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

/** Queues a ReplicaSet's key; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

/**
 * A ReplicaSet change: its own key (upstream's `addRS`/`updateRS`/`deleteRS`). A deleted one's
 * expectations are dropped, so one created again under the name starts clean; so are those of
 * one replaced between two events (its uid changed).
 */
export function replicaSetEventHandler(deps: { readonly enqueue: Enqueue; readonly forgetExpectations: (key: string) => void }): EventHandler<KubeObject> {
  const key = (rs: KubeObject) => keyOf(rs.metadata?.namespace, rs.metadata?.name);
  return {
    onAdd: (rs, _initial, ctx) => deps.enqueue(key(rs), ctx),
    onUpdate: (old, rs, ctx) => {
      if (old.metadata?.uid !== rs.metadata?.uid) deps.forgetExpectations(key(old));
      deps.enqueue(key(rs), ctx);
    },
    onDelete: (object, ctx) => {
      const rs = deletedObject(object);
      deps.forgetExpectations(key(rs));
      deps.enqueue(key(rs), ctx);
    },
  };
}

export interface PodEventHandlerDeps {
  readonly getReplicaSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly listReplicaSets: (namespace: string) => readonly KubeObject[];
  readonly enqueue: Enqueue;
}

/**
 * A Pod change (upstream's `addPod`/`updatePod`/`deletePod`): the ReplicaSet its controller
 * reference names (the old one too when the reference changed); for an orphan that is new or whose
 * labels or reference changed, every ReplicaSet of its namespace whose selector matches it, to
 * adopt it. A resync (same resourceVersion) changes nothing.
 */
export function podEventHandler(deps: PodEventHandlerDeps): EventHandler<KubeObject> {
  const enqueueController = (pod: KubeObject, ref: OwnerReference | undefined, ctx: EventContext | undefined) => {
    const rs = ref && resolveControllerRef(deps, pod.metadata?.namespace ?? '', ref);
    if (rs) deps.enqueue(keyOf(rs.metadata?.namespace, rs.metadata?.name), ctx);
  };
  const enqueueSelecting = (pod: KubeObject, ctx: EventContext | undefined) => {
    for (const rs of deps.listReplicaSets(pod.metadata?.namespace ?? '')) {
      if (labelSelectorMatcher(replicaSetSpec(rs).selector, { nonEmpty: true })(labelsOf(pod))) deps.enqueue(keyOf(rs.metadata?.namespace, rs.metadata?.name), ctx);
    }
  };
  return {
    onAdd: (pod, _initial, ctx) => {
      const ref = controllerRefOf(pod);
      if (ref || pod.metadata?.['deletionTimestamp']) enqueueController(pod, ref, ctx);
      else enqueueSelecting(pod, ctx);
    },
    onUpdate: (old, pod, ctx) => {
      if (old === pod || old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      const labelsChanged = !isDeepStrictEqual(labelsOf(old), labelsOf(pod));
      const [oldRef, ref] = [controllerRefOf(old), controllerRefOf(pod)];
      if (pod.metadata?.['deletionTimestamp']) {
        // Terminating: the ReplicaSet replaces it now, not once the kubelet is done with it.
        enqueueController(pod, ref, ctx);
        if (labelsChanged) enqueueController(old, oldRef, ctx);
        return;
      }
      const refChanged = !isDeepStrictEqual(oldRef, ref);
      if (refChanged && oldRef) enqueueController(old, oldRef, ctx);
      if (ref) enqueueController(pod, ref, ctx);
      else if (labelsChanged || refChanged) enqueueSelecting(pod, ctx);
    },
    onDelete: (object, ctx) => {
      const pod = deletedObject(object);
      enqueueController(pod, controllerRefOf(pod), ctx);
    },
  };
}

/** Upstream's `resolveControllerRef`: the cached ReplicaSet the reference names, if it is that one (same uid). */
function resolveControllerRef(deps: PodEventHandlerDeps, namespace: string, ref: OwnerReference): KubeObject | undefined {
  if (ref.kind !== REPLICASET_KIND.kind) return undefined;
  const rs = deps.getReplicaSet(namespace, ref.name);
  return rs?.metadata?.uid === ref.uid ? rs : undefined;
}
