import type { KubeObject } from '@kubeledger/api';
import { canonicalJson } from '../controller-utils/canonical-json.js';
import { ConditionTypes, newCondition, Reasons, setCondition, type DeploymentCondition } from './deployment-conditions.js';
import type { DeploymentSpec } from './deployment-spec.js';
import { specReplicaCount, statusCount } from './replica-set-lists.js';
import { maxUnavailable } from './rollout-limits.js';

/** apps/v1 DeploymentStatus (counts default to 0). */
export interface DeploymentStatus {
  readonly observedGeneration: number;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly unavailableReplicas: number;
  /** Bumped on a pod-template-hash collision; kept once set. */
  readonly collisionCount?: number;
  readonly conditions: readonly DeploymentCondition[];
}

const COUNTS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;

/** A Deployment's status as stored. */
export function statusOf(d: KubeObject): DeploymentStatus {
  const raw = (d['status'] ?? {}) as Record<string, unknown>;
  const counts = Object.fromEntries(COUNTS.map((k) => [k, Number(raw[k] ?? 0)])) as Record<(typeof COUNTS)[number], number>;
  const collisionCount = raw['collisionCount'];
  return {
    ...counts,
    ...(typeof collisionCount === 'number' && { collisionCount }),
    conditions: Array.isArray(raw['conditions']) ? (raw['conditions'] as DeploymentCondition[]) : [],
  };
}

/** The status as JSON, the way upstream serializes it: zero counts and no conditions left out, collisionCount once set. */
export function renderStatus(status: DeploymentStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of COUNTS) if (status[k] !== 0) out[k] = status[k];
  if (status.conditions.length > 0) out['conditions'] = status.conditions;
  if (status.collisionCount !== undefined) out['collisionCount'] = status.collisionCount;
  return out;
}

/** Whether two statuses say the same (what upstream's `reflect.DeepEqual` decides before writing). */
export const sameStatus = (a: DeploymentStatus, b: DeploymentStatus): boolean => canonicalJson(renderStatus(a)) === canonicalJson(renderStatus(b));

/**
 * Upstream's `calculateStatus`: the counts from the ReplicaSets' statuses (`updatedReplicas` the
 * new ReplicaSet's pods; `unavailableReplicas` what their specs ask for minus what is available,
 * never negative), `observedGeneration` the generation synced, and the Available condition:
 * True `MinimumReplicasAvailable` when at least `replicas − maxUnavailable` pods are available.
 * Other conditions and collisionCount are carried over from `current`.
 */
export function calculateStatus(spec: DeploymentSpec, generation: number, current: DeploymentStatus, allRSs: readonly KubeObject[], newRS: KubeObject | undefined, now: Date): DeploymentStatus {
  const availableReplicas = statusCount(allRSs, 'availableReplicas');
  const available = availableReplicas >= spec.replicas - maxUnavailable(spec);
  const condition = available
    ? newCondition(ConditionTypes.Available, 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', now)
    : newCondition(ConditionTypes.Available, 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now);
  return {
    observedGeneration: generation,
    replicas: statusCount(allRSs, 'replicas'),
    updatedReplicas: statusCount([newRS], 'replicas'),
    readyReplicas: statusCount(allRSs, 'readyReplicas'),
    availableReplicas,
    unavailableReplicas: Math.max(0, specReplicaCount(allRSs) - availableReplicas),
    ...(current.collisionCount !== undefined && { collisionCount: current.collisionCount }),
    conditions: setCondition(current.conditions, condition),
  };
}
