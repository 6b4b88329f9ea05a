import type { DependencyGraph, GraphNode } from './dependency-graph.js';

/** The uids a change of the graph queues: objects to check for deletion, owners whose dependents to orphan. */
export interface GraphWork {
  readonly attemptToDelete: readonly string[];
  readonly attemptToOrphan: readonly string[];
}

/**
 * An object added or changed (upstream's `processGraphChanges` for add and update events, and
 * `processTransitions`); updates the graph and answers what to queue:
 * - a blocking reference removed, or unblocked: its owner, if it is deleting its dependents (it may
 *   be able to go now);
 * - a reference added to an owner the graph does not hold: the object, to check the owner with the
 *   apiserver (upstream queues a virtual owner node; `checkOwners` is off during the initial lists,
 *   which {@link objectsWithUnobservedOwners} sweeps once they are all in), or to an owner deleting
 *   its dependents: the object, to be deleted too;
 * - the object starts being deleted with the `orphan` finalizer: the object, to orphan its
 *   dependents; with `foregroundDeletion`: its dependents and itself, to delete them and finish.
 */
export function observeObject(graph: DependencyGraph, node: GraphNode, checkOwners: boolean): GraphWork {
  const { uid } = node.identity;
  const previous = graph.set(node);
  const attemptToDelete = new Set<string>();
  const attemptToOrphan = new Set<string>();
  const before = previous?.owners ?? [];
  for (const ref of before) {
    if (ref.blockOwnerDeletion !== true) continue;
    if (node.owners.some((r) => r.uid === ref.uid && r.blockOwnerDeletion === true)) continue;
    if (graph.get(ref.uid)?.deletingDependents) attemptToDelete.add(ref.uid);
  }
  for (const ref of node.owners) {
    if (before.some((r) => r.uid === ref.uid)) continue;
    const owner = graph.get(ref.uid);
    if (owner ? owner.deletingDependents : checkOwners) attemptToDelete.add(uid);
  }
  if (node.orphaningDependents && !previous?.orphaningDependents) attemptToOrphan.add(uid);
  else if (node.deletingDependents && !previous?.deletingDependents) {
    for (const dependent of graph.dependentsOf(uid)) attemptToDelete.add(dependent.identity.uid);
    attemptToDelete.add(uid);
  }
  return { attemptToDelete: [...attemptToDelete], attemptToOrphan: [...attemptToOrphan] };
}

/**
 * An object deleted (upstream's `processGraphChanges` for a delete event): removed from the graph;
 * its dependents are queued (their owner is gone), and so are its owners that are deleting their
 * dependents (it may have been the last that blocked them). Answers the removed node too.
 */
export function observeDeletion(graph: DependencyGraph, uid: string): GraphWork & { readonly removed: GraphNode | undefined } {
  const removed = graph.delete(uid);
  if (!removed) return { attemptToDelete: [], attemptToOrphan: [], removed };
  const attemptToDelete = new Set(graph.dependentsOf(uid).map((d) => d.identity.uid));
  for (const ref of removed.owners) if (graph.get(ref.uid)?.deletingDependents) attemptToDelete.add(ref.uid);
  return { attemptToDelete: [...attemptToDelete], attemptToOrphan: [], removed };
}

/**
 * The objects that name an owner the graph does not hold, once every informer has listed: the
 * owners deleted while the controller-manager was down (their delete events were never seen) are
 * found this way.
 */
export function objectsWithUnobservedOwners(graph: DependencyGraph): string[] {
  const uids: string[] = [];
  for (const node of graph.nodes()) if (node.owners.some((r) => !graph.has(r.uid))) uids.push(node.identity.uid);
  return uids;
}
