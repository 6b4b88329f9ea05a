import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { statusOf } from './deployment-status.js';
import { newReplicaSetTarget, planOldReplicaSetsScaleDown } from './plan-rolling-update.js';
import { activeReplicaSets } from './replica-set-lists.js';
import { deploymentComplete } from './rollout-status.js';
import { createNewReplicaSet, type NewReplicaSetDeps } from './deployment.reconcile-new-replica-set.js';
import { finishRollout, type DeploymentWritesDeps } from './deployment.reconcile-status.js';
import { applyScaleWrites, cleanupHistory, scaleAndRecord } from './deployment.replica-set-writes.js';
import type { SyncState } from './deployment.sync-state.js';

export type RolloutDeps = NewReplicaSetDeps & DeploymentWritesDeps;

/**
 * Upstream's `rolloutRolling`, one step of a rolling update: the new ReplicaSet is created if
 * missing; then, if it can grow within maxSurge, it grows (and the step ends there); else the old
 * ReplicaSets shrink as far as maxUnavailable allows; with nothing left to do and the rollout
 * complete, old ReplicaSets beyond the history limit are deleted. The status is written after
 * each step; the ReplicaSets' status updates bring the Deployment back for the next.
 */
export async function rolloutRolling(state: SyncState, existingNewRS: KubeObject | undefined, oldRSs: readonly KubeObject[], deps: RolloutDeps): Promise<StepResult> {
  const newRS = existingNewRS ?? (await createNewReplicaSet(state, oldRSs, deps));
  if (!newRS) return 'requeue';
  const target = newReplicaSetTarget(state.spec, [...oldRSs, newRS], newRS);
  if (target !== undefined) {
    const scaled = await scaleAndRecord(state, newRS, target, deps);
    return finishRollout(state, [...oldRSs, scaled], scaled, deps);
  }
  const scaleDown = planOldReplicaSetsScaleDown(state.spec, activeReplicaSets(oldRSs), newRS);
  if (scaleDown.length > 0) {
    const old = await applyScaleWrites(state, oldRSs, scaleDown, deps);
    return finishRollout(state, [...old, newRS], newRS, deps);
  }
  if (deploymentComplete(state.spec, state.generation, statusOf(state.deployment))) await cleanupHistory(state, oldRSs, deps);
  return finishRollout(state, [...oldRSs, newRS], newRS, deps);
}
