import { matchesLabels, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { isBeingDeleted, labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { withPausedCondition } from './deployment-conditions.js';
import { isScalingEvent } from './plan-proportional-scale.js';
import { claimReplicaSets, type ClaimReplicaSetsDeps } from './deployment.reconcile-claims.js';
import { syncNewReplicaSetRevision } from './deployment.reconcile-new-replica-set.js';
import { rolloutRecreate } from './deployment.reconcile-recreate.js';
import { rolloutRolling, type RolloutDeps } from './deployment.reconcile-rolling.js';
import { syncScaling } from './deployment.reconcile-scale.js';
import { finishSync, withStatus } from './deployment.reconcile-status.js';
import { deploymentEvent } from './deployment.replica-set-writes.js';
import { syncStateFor, type SyncState } from './deployment.sync-state.js';

export interface ReconcileDeploymentDeps extends ClaimReplicaSetsDeps, RolloutDeps {
  /** From the informers. */
  readonly getDeployment: (namespace: string, name: string) => KubeObject | undefined;
  readonly listReplicaSets: (namespace: string) => readonly KubeObject[];
  /** The namespace's pods whose controller reference names that uid. */
  readonly listOwnedPods: (namespace: string, ownerUid: string) => readonly KubeObject[];
  readonly isConflict: (err: unknown) => boolean;
  readonly now: () => Date;
}

/**
 * One Deployment (upstream's `syncDeployment`). A selector that selects everything is refused
 * with a `SelectingAll` warning. The ReplicaSets are claimed (adopted, released); then, in
 * upstream's order: being deleted → status only; paused → resize only; `spec.replicas` changed →
 * resize proportionally; otherwise a step of the strategy's rollout. Every write to a ReplicaSet
 * or the Deployment is conditional on the cached resourceVersion: a 409 (or 404) means the cache
 * was behind, and the key comes back (`requeue`) to decide again on a fresher one — which is also
 * why a second sync can never create a second new ReplicaSet (its name is deterministic).
 */
export async function reconcileDeployment(key: string, deps: ReconcileDeploymentDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const d = deps.getDeployment(key.slice(0, slash), key.slice(slash + 1));
  if (!d) return 'continue';
  try {
    return await syncDeployment(syncStateFor(d, deps.now()), deps);
  } catch (err) {
    if (!deps.isConflict(err) && !deps.isNotFound(err)) throw err;
    deps.log(`deployment ${key}: ${err instanceof Error ? err.message : String(err)}; trying again on a fresher cache`);
    return 'requeue';
  }
}

async function syncDeployment(state: SyncState, deps: ReconcileDeploymentDeps): Promise<StepResult> {
  const { deployment: d, spec } = state;
  const namespace = d.metadata?.namespace ?? '';
  const requirements = labelSelectorRequirements(spec.selector);
  if (requirements === null) {
    deps.log(`deployment ${namespace}/${d.metadata?.name}: its selector cannot be read; nothing done`);
    return 'continue';
  }
  if (requirements.length === 0) {
    deploymentEvent(state, deps, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if (state.status.observedGeneration < state.generation) await deps.updateDeploymentStatus(withStatus(d, { ...state.status, observedGeneration: state.generation }));
    return 'continue';
  }
  const matches = (o: KubeObject) => matchesLabels(requirements, labelsOf(o));
  const rsList = await claimReplicaSets(d, matches, deps.listReplicaSets(namespace), deps);

  if (isBeingDeleted(d)) {
    const { newRS, oldRSs } = await syncNewReplicaSetRevision(state, rsList, deps);
    return finishSync(state, [...oldRSs, newRS], newRS, deps);
  }
  state.status = { ...state.status, conditions: withPausedCondition(spec, state.status.conditions, state.now) };
  const { newRS, oldRSs } = await syncNewReplicaSetRevision(state, rsList, deps);
  if (spec.paused || isScalingEvent(spec, newRS, oldRSs)) return syncScaling(state, newRS, oldRSs, deps);
  switch (spec.strategy) {
    case 'Recreate': {
      const pods = new Map(rsList.map((rs) => [rs.metadata?.uid ?? '', deps.listOwnedPods(namespace, rs.metadata?.uid ?? '').filter(matches)]));
      return rolloutRecreate(state, newRS, oldRSs, pods, deps);
    }
    case 'RollingUpdate':
      return rolloutRolling(state, newRS, oldRSs, deps);
    default:
      throw new Error(`unexpected deployment strategy type: ${spec.strategy}`);
  }
}
