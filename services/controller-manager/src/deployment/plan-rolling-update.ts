import type { KubeObject } from '@kubeledger/api';
import type { DeploymentSpec } from './deployment-spec.js';
import { newReplicaSetReplicas } from './new-replica-set.js';
import { replicaSetStatus, specReplicas, withReplicas } from './replica-set-fields.js';
import { byCreation, specReplicaCount, statusCount } from './replica-set-lists.js';
import { maxUnavailable } from './rollout-limits.js';

/** One write of a plan: ReplicaSet `name` to `replicas`. Writes run in order; one ReplicaSet may be written twice. */
export interface ScaleStep {
  readonly name: string;
  readonly replicas: number;
}

/**
 * Upstream's `reconcileNewReplicaSet`: the new ReplicaSet's next size, undefined when it stays. One
 * larger than `spec.replicas` shrinks to it; a smaller one grows by what maxSurge allows.
 */
export function newReplicaSetTarget(spec: DeploymentSpec, allRSs: readonly KubeObject[], newRS: KubeObject): number | undefined {
  const current = specReplicas(newRS);
  if (current === spec.replicas) return undefined;
  const target = current > spec.replicas ? spec.replicas : newReplicaSetReplicas(spec, allRSs, newRS);
  return target === current ? undefined : target;
}

/**
 * Upstream's `reconcileOldReplicaSets`, the scale-downs of a rolling update. At most
 * `all − minAvailable − the new ReplicaSet's unavailable pods` (counting `spec.replicas`), so pods
 * the new ReplicaSet has not made available yet never license taking old ones away. First the old
 * ReplicaSets' unavailable pods go, oldest ReplicaSet first (`cleanupUnhealthyReplicas`: that costs
 * no availability); then available ones, oldest first, while more than minAvailable pods are
 * available across the active old ReplicaSets and the new one
 * (`scaleDownOldReplicaSetsForRollingUpdate`).
 */
export function planOldReplicaSetsScaleDown(spec: DeploymentSpec, activeOldRSs: readonly KubeObject[], newRS: KubeObject): ScaleStep[] {
  if (specReplicaCount(activeOldRSs) === 0) return [];
  const minAvailable = spec.replicas - maxUnavailable(spec);
  const newUnavailable = specReplicas(newRS) - replicaSetStatus(newRS).availableReplicas;
  const maxScaledDown = specReplicaCount([...activeOldRSs, newRS]) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];

  const steps: ScaleStep[] = [];
  const old = [...activeOldRSs].sort(byCreation);
  let cleaned = 0;
  for (const [i, rs] of old.entries()) {
    if (cleaned >= maxScaledDown) break;
    const replicas = specReplicas(rs);
    const unhealthy = replicas - replicaSetStatus(rs).availableReplicas;
    if (replicas === 0 || unhealthy === 0) continue;
    if (unhealthy < 0) return []; // more available than asked for (a scale-down not yet done): upstream scales nothing down this time
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    steps.push({ name: rs.metadata?.name ?? '', replicas: replicas - count });
    old[i] = withReplicas(rs, replicas - count);
    cleaned += count;
  }

  const available = statusCount([...old, newRS], 'availableReplicas');
  if (available <= minAvailable) return steps;
  const toScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of old) {
    if (scaled >= toScaleDown) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - scaled);
    steps.push({ name: rs.metadata?.name ?? '', replicas: replicas - count });
    scaled += count;
  }
  return steps;
}
