import { matchesLabels, type KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import { labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { pdbSpec } from './pdb-types.js';

/** A namespaced object's work-queue key. */
export const keyOf = (object: KubeObject) => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

/** Queues a budget's key; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

/** A budget change: its own key (upstream's addDB/updateDB/removeDB). */
export function pdbEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onAdd: (pdb, _initial, ctx) => enqueue(keyOf(pdb), ctx),
    onUpdate: (_old, pdb, ctx) => enqueue(keyOf(pdb), ctx),
    onDelete: (object, ctx) => enqueue(keyOf(deletedObject(object)), ctx),
  };
}

/** Whether a budget selects the pod (a missing or invalid selector selects none). */
export function selects(pdb: KubeObject, pod: KubeObject): boolean {
  const selector = pdbSpec(pdb).selector;
  const requirements = selector ? labelSelectorRequirements(selector) : null;
  return requirements !== null && matchesLabels(requirements, labelsOf(pod));
}

/**
 * A pod change (upstream's addPod/updatePod/deletePod): the budgets of its namespace that select
 * it — before and after a relabelling, so the one it left counts it no more.
 */
export function podEventHandler(deps: { readonly listPdbs: (namespace: string) => readonly KubeObject[]; readonly enqueue: Enqueue }): EventHandler<KubeObject> {
  const enqueueFor = (pods: readonly KubeObject[], ctx: EventContext | undefined) => {
    for (const pdb of deps.listPdbs(pods[0]?.metadata?.namespace ?? '')) {
      if (pods.some((pod) => selects(pdb, pod))) deps.enqueue(keyOf(pdb), ctx);
    }
  };
  return {
    onAdd: (pod, _initial, ctx) => enqueueFor([pod], ctx),
    onUpdate: (old, pod, ctx) => {
      if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      enqueueFor([old, pod], ctx);
    },
    onDelete: (object, ctx) => enqueueFor([deletedObject(object)], ctx),
  };
}
