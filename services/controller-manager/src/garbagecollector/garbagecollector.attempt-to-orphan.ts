import type { StepResult } from '@kubeledger/client';
import { describeIdentity } from './dependency-graph.js';
import type { GcDeps } from './garbagecollector.deps.js';
import { removeFinalizer } from './garbagecollector.remove-finalizer.js';
import { ORPHAN_FINALIZER } from './gc-finalizers.js';
import { deleteOwnerRefsPatch } from './gc-patches.js';

/** Dependents patched at a time. */
const CONCURRENCY = 20;

/**
 * One owner of the attemptToOrphan queue (upstream's `attemptToOrphanWorker`): its reference is
 * removed from every dependent the graph holds (strategic merge patch, the dependent's uid as
 * precondition; a dependent gone is no error), then its `orphan` finalizer — only once every
 * dependent was patched, so none is left naming a deleted owner (it would be collected). Any
 * failure throws: the queue tries the whole owner again (the patches are idempotent).
 */
export async function attemptToOrphan(uid: string, deps: GcDeps): Promise<StepResult> {
  const dependents = deps.graph.dependentsOf(uid);
  const failures: string[] = [];
  for (let i = 0; i < dependents.length; i += CONCURRENCY) {
    await Promise.all(
      dependents.slice(i, i + CONCURRENCY).map(async ({ identity }) => {
        try {
          await deps.patchObject(identity, deleteOwnerRefsPatch(identity.uid, [uid]), 'strategic');
        } catch (err) {
          if (!deps.isNotFound(err)) failures.push(`${describeIdentity(identity)}: ${(err as Error).message}`);
        }
      }),
    );
  }
  if (failures.length > 0) throw new Error(`orphaning the dependents of ${uid} failed: ${failures.join('; ')}`);
  if (dependents.length > 0) deps.log(`garbagecollector: orphaned ${dependents.length} dependents of ${uid}`);
  // The owner itself may be gone from the graph (deleted meanwhile): then there is no finalizer to remove.
  const owner = deps.graph.get(uid);
  if (owner) await removeFinalizer(owner.identity, ORPHAN_FINALIZER, deps);
  return 'continue';
}
