import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import { controllerRefOf, labelsOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import { labelSelectorMatcher } from '../controller-utils/label-selector.js';
import { DAEMONSET_KIND, daemonSetSpec } from './daemonset-spec.js';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';

/** A namespaced object's work-queue key. */
export const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

/** Queues a DaemonSet's key; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

const dsKey = (ds: KubeObject) => keyOf(ds.metadata?.namespace, ds.metadata?.name);

/**
 * A DaemonSet change: its own key (upstream's `addDaemonset`/`updateDaemonset`/`deleteDaemonset`).
 * A deleted or replaced one's expectations are dropped, so one created again under the name starts clean.
 */
export function daemonSetEventHandler(deps: { readonly enqueue: Enqueue; readonly forgetExpectations: (key: string) => void }): EventHandler<KubeObject> {
  return {
    onAdd: (ds, _initial, ctx) => deps.enqueue(dsKey(ds), ctx),
    onUpdate: (old, ds, ctx) => {
      if (old.metadata?.uid !== ds.metadata?.uid) deps.forgetExpectations(dsKey(old));
      deps.enqueue(dsKey(ds), ctx);
    },
    onDelete: (object, ctx) => {
      const ds = deletedObject(object);
      deps.forgetExpectations(dsKey(ds));
      deps.enqueue(dsKey(ds), ctx);
    },
  };
}

export interface DependentEventHandlerDeps {
  readonly getDaemonSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly listDaemonSets: (namespace?: string) => readonly KubeObject[];
  readonly enqueue: Enqueue;
}

/**
 * A Pod or ControllerRevision change (upstream's `addPod`/`updatePod`/`deletePod` and
 * `addHistory`/`updateHistory`/`deleteHistory`): the DaemonSet its controller reference names (the
 * old one too when the reference changed); for an orphan that is new or whose labels or reference
 * changed, every DaemonSet of its namespace whose selector matches it, to adopt it. A resync
 * (same resourceVersion) changes nothing.
 */
export function dependentEventHandler(deps: DependentEventHandlerDeps): EventHandler<KubeObject> {
  const enqueueController = (o: KubeObject, ref: OwnerReference | undefined, ctx: EventContext | undefined) => {
    if (ref?.kind !== DAEMONSET_KIND.kind) return;
    const ds = deps.getDaemonSet(o.metadata?.namespace ?? '', ref.name);
    if (ds?.metadata?.uid === ref.uid) deps.enqueue(dsKey(ds), ctx);
  };
  const enqueueSelecting = (o: KubeObject, ctx: EventContext | undefined) => {
    for (const ds of deps.listDaemonSets(o.metadata?.namespace ?? '')) {
      if (labelSelectorMatcher(daemonSetSpec(ds).selector, { nonEmpty: true })(labelsOf(o))) deps.enqueue(dsKey(ds), ctx);
    }
  };
  return {
    onAdd: (o, _initial, ctx) => {
      const ref = controllerRefOf(o);
      if (ref || o.metadata?.['deletionTimestamp']) enqueueController(o, ref, ctx);
      else enqueueSelecting(o, ctx);
    },
    onUpdate: (old, o, ctx) => {
      if (old === o || old.metadata?.resourceVersion === o.metadata?.resourceVersion) return;
      const [oldRef, ref] = [controllerRefOf(old), controllerRefOf(o)];
      const refChanged = !isDeepStrictEqual(oldRef, ref);
      if (refChanged && oldRef) enqueueController(old, oldRef, ctx);
      if (ref) enqueueController(o, ref, ctx);
      else if (!o.metadata?.['deletionTimestamp'] && (refChanged || !isDeepStrictEqual(labelsOf(old), labelsOf(o)))) enqueueSelecting(o, ctx);
    },
    onDelete: (object, ctx) => {
      const o = deletedObject(object);
      enqueueController(o, controllerRefOf(o), ctx);
    },
  };
}

/**
 * A Node change (upstream's `addNode`/`updateNode`): every DaemonSet that should run a pod on a new
 * node, and every one whose verdict on a changed node (run, keep running) changed. Unlike upstream,
 * a deleted node also queues every DaemonSet, so the desired counts drop at once.
 */
export function nodeEventHandler(deps: Pick<DependentEventHandlerDeps, 'listDaemonSets' | 'enqueue'>): EventHandler<KubeObject> {
  return {
    onAdd: (node, _initial, ctx) => {
      for (const ds of deps.listDaemonSets()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) deps.enqueue(dsKey(ds), ctx);
    },
    onUpdate: (old, node, ctx) => {
      if (old === node || old.metadata?.resourceVersion === node.metadata?.resourceVersion) return;
      for (const ds of deps.listDaemonSets()) {
        if (!isDeepStrictEqual(nodeShouldRunDaemonPod(old, ds), nodeShouldRunDaemonPod(node, ds))) deps.enqueue(dsKey(ds), ctx);
      }
    },
    onDelete: (_object, ctx) => {
      for (const ds of deps.listDaemonSets()) deps.enqueue(dsKey(ds), ctx);
    },
  };
}
