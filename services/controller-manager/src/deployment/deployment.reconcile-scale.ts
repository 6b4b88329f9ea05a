import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { statusOf } from './deployment-status.js';
import { planScale } from './plan-proportional-scale.js';
import type { RolloutDeps } from './deployment.reconcile-rolling.js';
import { finishSync } from './deployment.reconcile-status.js';
import { applyScaleWrites, cleanupHistory } from './deployment.replica-set-writes.js';
import type { SyncState } from './deployment.sync-state.js';

/**
 * Upstream's `sync`, for a scaling event (`spec.replicas` changed) or a paused Deployment: the
 * ReplicaSets are resized ({@link planScale}: proportionally during a rollout) but no rollout step
 * is taken — a paused Deployment with a new template gets no new ReplicaSet. A paused one's old
 * ReplicaSets beyond the history limit are deleted. The status gets no progress estimate.
 */
export async function syncScaling(state: SyncState, newRS: KubeObject | undefined, oldRSs: readonly KubeObject[], deps: RolloutDeps): Promise<StepResult> {
  const writes = planScale(state.spec, statusOf(state.deployment).replicas, newRS, oldRSs);
  const all = await applyScaleWrites(state, newRS ? [...oldRSs, newRS] : oldRSs, writes, deps);
  const scaledNew = newRS && all[all.length - 1];
  const old = newRS ? all.slice(0, -1) : all;
  if (state.spec.paused) await cleanupHistory(state, old, deps);
  return finishSync(state, all, scaledNew, deps);
}
