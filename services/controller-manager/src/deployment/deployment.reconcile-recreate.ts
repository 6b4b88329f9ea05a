import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { statusOf } from './deployment-status.js';
import { oldPodsRunning } from './old-pods-running.js';
import { activeReplicaSets } from './replica-set-lists.js';
import { deploymentComplete } from './rollout-status.js';
import { createNewReplicaSet } from './deployment.reconcile-new-replica-set.js';
import type { RolloutDeps } from './deployment.reconcile-rolling.js';
import { finishRollout } from './deployment.reconcile-status.js';
import { cleanupHistory, scaleAndRecord } from './deployment.replica-set-writes.js';
import type { SyncState } from './deployment.sync-state.js';

/**
 * Upstream's `rolloutRecreate`: every old ReplicaSet is scaled to 0 first; while any of them
 * reports pods or owns a pod not yet finished, the rollout waits (a pod's deletion brings it
 * back); only then is the new ReplicaSet created (not before: nothing new runs beside the old) and
 * scaled to `spec.replicas`. Once complete, old ReplicaSets beyond the history limit are deleted.
 */
export async function rolloutRecreate(
  state: SyncState,
  existingNewRS: KubeObject | undefined,
  oldRSs: readonly KubeObject[],
  podsByReplicaSet: ReadonlyMap<string, readonly KubeObject[]>,
  deps: RolloutDeps,
): Promise<StepResult> {
  const old = [...oldRSs];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    old[old.indexOf(rs)] = await scaleAndRecord(state, rs, 0, deps);
    scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(old, podsByReplicaSet)) return finishRollout(state, [...old, existingNewRS], existingNewRS, deps);

  const created = existingNewRS ?? (await createNewReplicaSet(state, old, deps));
  if (!created) return 'requeue';
  const newRS = await scaleAndRecord(state, created, state.spec.replicas, deps);
  if (deploymentComplete(state.spec, state.generation, statusOf(state.deployment))) await cleanupHistory(state, old, deps);
  return finishRollout(state, [...old, newRS], newRS, deps);
}
