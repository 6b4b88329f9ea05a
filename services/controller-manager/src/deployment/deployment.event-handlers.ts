import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import { controllerRefOf, labelsOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import { labelSelectorMatcher } from '../controller-utils/label-selector.js';
import { DEPLOYMENT_KIND, deploymentSpec, REPLICASET_KIND } from './deployment-spec.js';

/** A namespaced object's work-queue key. */
export const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

/** Queues a Deployment's key; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

const keyOfObject = (o: KubeObject) => keyOf(o.metadata?.namespace, o.metadata?.name);

/** A Deployment change: its own key (upstream's `addDeployment`/`updateDeployment`/`deleteDeployment`). */
export function deploymentEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onAdd: (d, _initial, ctx) => enqueue(keyOfObject(d), ctx),
    onUpdate: (_old, d, ctx) => enqueue(keyOfObject(d), ctx),
    onDelete: (d, ctx) => enqueue(keyOfObject(deletedObject(d)), ctx),
  };
}

export interface ReplicaSetEventHandlerDeps {
  readonly getDeployment: (namespace: string, name: string) => KubeObject | undefined;
  readonly listDeployments: (namespace: string) => readonly KubeObject[];
  readonly enqueue: Enqueue;
}

/** Upstream's `resolveControllerRef`: the cached Deployment a reference names, if it is that one (same uid). */
function resolveDeployment(getDeployment: ReplicaSetEventHandlerDeps['getDeployment'], namespace: string, ref: OwnerReference | undefined): KubeObject | undefined {
  if (ref?.kind !== DEPLOYMENT_KIND.kind) return undefined;
  const d = getDeployment(namespace, ref.name);
  return d?.metadata?.uid === ref.uid ? d : undefined;
}

/**
 * A ReplicaSet change (upstream's `addReplicaSet`/`updateReplicaSet`/`deleteReplicaSet`): the
 * Deployment its controller reference names (also the previous one when the reference changed);
 * for an orphan that is new or whose labels or reference changed, every Deployment of its
 * namespace whose selector matches it, to adopt it. A resync (same resourceVersion) changes nothing.
 */
export function replicaSetEventHandler(deps: ReplicaSetEventHandlerDeps): EventHandler<KubeObject> {
  const enqueueOwner = (rs: KubeObject, ref: OwnerReference | undefined, ctx: EventContext | undefined) => {
    const d = resolveDeployment(deps.getDeployment, rs.metadata?.namespace ?? '', ref);
    if (d) deps.enqueue(keyOfObject(d), ctx);
  };
  const enqueueSelecting = (rs: KubeObject, ctx: EventContext | undefined) => {
    for (const d of deps.listDeployments(rs.metadata?.namespace ?? '')) {
      if (labelSelectorMatcher(deploymentSpec(d).selector, { nonEmpty: true })(labelsOf(rs))) deps.enqueue(keyOfObject(d), ctx);
    }
  };
  return {
    onAdd: (rs, _initial, ctx) => {
      const ref = controllerRefOf(rs);
      if (ref || rs.metadata?.['deletionTimestamp']) enqueueOwner(rs, ref, ctx);
      else enqueueSelecting(rs, ctx);
    },
    onUpdate: (old, rs, ctx) => {
      if (old === rs || old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
      const [oldRef, ref] = [controllerRefOf(old), controllerRefOf(rs)];
      const refChanged = !isDeepStrictEqual(oldRef, ref);
      if (refChanged && oldRef) enqueueOwner(old, oldRef, ctx);
      if (ref) enqueueOwner(rs, ref, ctx);
      else if (refChanged || !isDeepStrictEqual(labelsOf(old), labelsOf(rs))) enqueueSelecting(rs, ctx);
    },
    onDelete: (object, ctx) => {
      const rs = deletedObject(object);
      enqueueOwner(rs, controllerRefOf(rs), ctx);
    },
  };
}

export interface PodEventHandlerDeps {
  readonly getReplicaSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly getDeployment: (namespace: string, name: string) => KubeObject | undefined;
  readonly enqueue: Enqueue;
}

/**
 * A Pod deletion (upstream's `deletePod`): a Recreate rollout waits for the old pods to be gone,
 * so the Deployment owning the pod's ReplicaSet is queued when its strategy is Recreate.
 */
export function podEventHandler(deps: PodEventHandlerDeps): EventHandler<KubeObject> {
  return {
    onDelete: (object, ctx) => {
      const pod = deletedObject(object);
      const namespace = pod.metadata?.namespace ?? '';
      const ref = controllerRefOf(pod);
      if (ref?.kind !== REPLICASET_KIND.kind) return;
      const rs = deps.getReplicaSet(namespace, ref.name);
      if (!rs || rs.metadata?.uid !== ref.uid) return;
      const d = resolveDeployment(deps.getDeployment, namespace, controllerRefOf(rs));
      if (d && deploymentSpec(d).strategy === 'Recreate') deps.enqueue(keyOfObject(d), ctx);
    },
  };
}
