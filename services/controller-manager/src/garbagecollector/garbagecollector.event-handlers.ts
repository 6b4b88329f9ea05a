import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import type { AbsentOwnerCache } from './absent-owner-cache.js';
import { graphNodeOf, type DependencyGraph } from './dependency-graph.js';
import type { GcResource } from './gc-resources.js';
import { observeDeletion, observeObject, type GraphWork } from './graph-changes.js';

/** Queues a uid; `ctx` is the event that caused it (its trace is continued). */
export type EnqueueUid = (uid: string, ctx?: EventContext) => void;

export interface GraphEventDeps {
  readonly graph: DependencyGraph;
  readonly absentOwners: AbsentOwnerCache;
  /** True once every informer has listed (before, owners missing from the graph are not checked: they may be listed yet). */
  readonly synced: () => boolean;
  readonly enqueueDelete: EnqueueUid;
  readonly enqueueOrphan: EnqueueUid;
}

/**
 * The handler of one resource's informer (upstream's GraphBuilder monitors feeding
 * `processGraphChanges`): every add, update and delete updates the graph and queues what
 * {@link observeObject} and {@link observeDeletion} say. An update that changes the uid (the
 * object was deleted and recreated while the informer relisted) is the old object's deletion and
 * the new one's add. An owner seen deleted with dependents is remembered as absent.
 */
export function graphEventHandler(resource: GcResource, deps: GraphEventDeps): EventHandler<KubeObject> {
  const queue = (work: GraphWork, ctx?: EventContext) => {
    for (const uid of work.attemptToDelete) deps.enqueueDelete(uid, ctx);
    for (const uid of work.attemptToOrphan) deps.enqueueOrphan(uid, ctx);
  };
  const observed = (object: KubeObject, ctx?: EventContext) => {
    const node = graphNodeOf(resource, object);
    if (node) queue(observeObject(deps.graph, node, deps.synced()), ctx);
  };
  const removed = (object: KubeObject, ctx?: EventContext) => {
    const uid = object.metadata?.uid;
    if (!uid) return;
    const work = observeDeletion(deps.graph, uid);
    if (work.removed && deps.graph.dependentsOf(uid).length > 0) deps.absentOwners.add(work.removed.identity.namespace, uid);
    queue(work, ctx);
  };
  return {
    onAdd: (object, _initial, ctx) => observed(object, ctx),
    onUpdate: (old, object, ctx) => {
      if (old === object) return;
      if (old.metadata?.uid !== object.metadata?.uid) removed(old, ctx);
      observed(object, ctx);
    },
    onDelete: (object, ctx) => removed(deletedObject(object), ctx),
  };
}
