import { rfc3339 } from '@kubeledger/api';
import { hasProgressDeadline, type DeploymentSpec } from './deployment-spec.js';

/** apps/v1 DeploymentCondition. */
export interface DeploymentCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastUpdateTime?: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

export const ConditionTypes = { Available: 'Available', Progressing: 'Progressing', ReplicaFailure: 'ReplicaFailure' } as const;

/** The reasons upstream's controller writes (util/deployment_util.go); `kubectl rollout status` reads two of them. */
export const Reasons = {
  /** Progressing: a ReplicaSet was scaled as part of the rollout. */
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  /** Progressing False: the new ReplicaSet could not be created. */
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  /** Progressing: the new ReplicaSet existed already when the deadline started to count. */
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  /** Progressing: the rollout completed. */
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  /** Progressing False: no progress within `progressDeadlineSeconds`. */
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** util.NewDeploymentCondition: both times now. */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: Date): DeploymentCondition {
  const at = rfc3339(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export const getCondition = (conditions: readonly DeploymentCondition[], type: string): DeploymentCondition | undefined => conditions.find((c) => c.type === type);

export const removeCondition = (conditions: readonly DeploymentCondition[], type: string): DeploymentCondition[] => conditions.filter((c) => c.type !== type);

/**
 * util.SetDeploymentCondition: nothing changes when a condition of the type has the same status
 * and reason (its times included); one with the same status keeps its lastTransitionTime; the new
 * condition goes last.
 */
export function setCondition(conditions: readonly DeploymentCondition[], condition: DeploymentCondition): readonly DeploymentCondition[] {
  const current = getCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return conditions;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  return [...removeCondition(conditions, condition.type), next];
}

/**
 * Upstream's `checkPausedConditions`: with a progress deadline, pausing sets Progressing Unknown
 * `DeploymentPaused` and resuming `DeploymentResumed`, so time spent paused never counts against
 * the deadline; a `ProgressDeadlineExceeded` already reported stays.
 */
export function withPausedCondition(spec: DeploymentSpec, conditions: readonly DeploymentCondition[], now: Date): readonly DeploymentCondition[] {
  if (!hasProgressDeadline(spec)) return conditions;
  const current = getCondition(conditions, ConditionTypes.Progressing);
  if (current?.reason === Reasons.ProgressDeadlineExceeded) return conditions;
  const paused = current?.reason === Reasons.DeploymentPaused;
  if (spec.paused && !paused) return setCondition(conditions, newCondition(ConditionTypes.Progressing, 'Unknown', Reasons.DeploymentPaused, 'Deployment is paused', now));
  if (!spec.paused && paused) return setCondition(conditions, newCondition(ConditionTypes.Progressing, 'Unknown', Reasons.DeploymentResumed, 'Deployment is resumed', now));
  return conditions;
}
