import type { KubeObject } from '@kubeledger/api';
import type { PropagationPolicy, StepResult } from '@kubeledger/client';
import { ownerReferencesOf } from '../controller-utils/controller-ref.js';
import { describeIdentity, type GraphNode, type ObjectIdentity } from './dependency-graph.js';
import { classifyReferences } from './garbagecollector.classify-references.js';
import type { GcDeps, GcWriteDeps } from './garbagecollector.deps.js';
import { removeFinalizer } from './garbagecollector.remove-finalizer.js';
import { deletingDependents, finalizersOf, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './gc-finalizers.js';
import { deleteOwnerRefsPatch, unblockOwnerRefsPatch } from './gc-patches.js';

/**
 * One object of the attemptToDelete queue (upstream's `attemptToDeleteItem`):
 * - gone from the graph, or being deleted other than in the foreground: nothing to do (the final
 *   deletion's event queues its dependents);
 * - read from the apiserver; gone or replaced: nothing to do;
 * - deleting its dependents (foreground): {@link processDeletingDependents};
 * - its references classified ({@link classifyReferences}); one that cannot be checked (a kind
 *   not served) leaves the object alone;
 * - a solid owner left: the dangling references, and those to owners deleting their dependents,
 *   are patched away (strategic merge patch, uid precondition);
 * - only dangling and waiting owners, and dependents of its own: deleted in the foreground (the
 *   owner waits for the whole subtree), after unblocking its references if one of its dependents
 *   is itself deleting dependents (upstream's guard against a cycle);
 * - else deleted, with the policy its own finalizers ask for (Orphan, Foreground) or Background,
 *   and its uid as precondition.
 * A 404 or a failed uid precondition means the object went meanwhile: done. Other errors throw
 * (the queue retries with backoff).
 */
export async function attemptToDelete(uid: string, deps: GcDeps): Promise<StepResult> {
  const item = deps.graph.get(uid);
  if (!item) return 'continue';
  if (item.beingDeleted && !item.deletingDependents) return 'continue';
  const { identity } = item;
  const latest = await deps.getLive(identity.resource, identity.namespace, identity.name);
  if (!latest || latest.metadata?.uid !== uid) return 'continue';
  if (deletingDependents(latest)) return processDeletingDependents(item, deps);

  const refs = ownerReferencesOf(latest);
  if (refs.length === 0) return 'continue';
  const classified = await classifyReferences(identity, refs, deps);
  if ('unresolvable' in classified) {
    deps.log(`garbagecollector: leaving ${describeIdentity(identity)} alone: ${classified.unresolvable}`);
    return 'continue';
  }
  const { solid, dangling, waitingForDependentsDeletion: waiting } = classified;

  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return 'continue';
    // The references to waiting owners go too: else those owners would wait for this object forever.
    const owners = [...dangling, ...waiting].map((r) => r.uid);
    await ignoreNotFound(deps, () => deps.patchObject(identity, deleteOwnerRefsPatch(uid, owners), 'strategic'));
    deps.log(`garbagecollector: removed the references of ${describeIdentity(identity)} to ${owners.join(', ')}; its owner ${solid.map((r) => `${r.kind} ${r.name}`).join(', ')} remains`);
    return 'continue';
  }

  const dependents = deps.graph.dependentsOf(uid);
  if (waiting.length > 0 && dependents.length > 0) {
    if (dependents.some((d) => d.deletingDependents)) {
      const unblock = unblockOwnerRefsPatch(uid, refs);
      if (unblock) await ignoreNotFound(deps, () => deps.patchObject(identity, unblock, 'strategic'));
    }
    await deleteItem(identity, 'Foreground', deps);
    return 'continue';
  }
  await deleteItem(identity, policyFromFinalizers(latest), deps);
  return 'continue';
}

/**
 * An owner deleting its dependents (upstream's `processDeletingDependentsItem`): with no blocking
 * dependent left in the graph, its `foregroundDeletion` finalizer is removed (the apiserver then
 * deletes it); else its blocking dependents not themselves deleting dependents are queued.
 */
export async function processDeletingDependents(item: GraphNode, deps: GcDeps): Promise<StepResult> {
  const blocking = deps.graph.blockingDependentsOf(item.identity.uid);
  if (blocking.length === 0) {
    await removeFinalizer(item.identity, FOREGROUND_FINALIZER, deps);
    return 'continue';
  }
  for (const dependent of blocking) if (!dependent.deletingDependents) deps.enqueueDelete(dependent.identity.uid);
  return 'continue';
}

/** An existing orphan finalizer is honoured, then a foreground one; otherwise Background (upstream's default for the GC). */
export function policyFromFinalizers(object: KubeObject): PropagationPolicy {
  const finalizers = finalizersOf(object);
  if (finalizers.includes(ORPHAN_FINALIZER)) return 'Orphan';
  if (finalizers.includes(FOREGROUND_FINALIZER)) return 'Foreground';
  return 'Background';
}

async function deleteItem(identity: ObjectIdentity, policy: PropagationPolicy, deps: GcDeps): Promise<void> {
  try {
    await deps.deleteObject(identity, policy);
    deps.log(`garbagecollector: deleted ${describeIdentity(identity)} (propagationPolicy ${policy})`);
  } catch (err) {
    // 404: gone already; 409: the uid precondition failed, the object was replaced.
    if (!deps.isNotFound(err) && !deps.isConflict(err)) throw err;
  }
}

async function ignoreNotFound(deps: GcWriteDeps, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!deps.isNotFound(err)) throw err;
  }
}
