import type { KubeObject } from '@kubeledger/api';
import { ConditionTypes, getCondition, newCondition, Reasons, removeCondition, setCondition, type DeploymentCondition } from './deployment-conditions.js';
import { hasProgressDeadline, type DeploymentSpec } from './deployment-spec.js';
import { calculateStatus, type DeploymentStatus } from './deployment-status.js';
import { replicaSetStatus } from './replica-set-fields.js';

/** util.DeploymentComplete: every replica updated and available, nothing else running, the generation observed. */
export function deploymentComplete(spec: DeploymentSpec, generation: number, status: DeploymentStatus): boolean {
  return status.updatedReplicas === spec.replicas && status.replicas === spec.replicas && status.availableReplicas === spec.replicas && status.observedGeneration >= generation;
}

/** util.DeploymentProgressing: more pods updated, ready or available than before, or fewer old ones. */
export function deploymentProgressing(before: DeploymentStatus, after: DeploymentStatus): boolean {
  return (
    after.updatedReplicas > before.updatedReplicas ||
    after.replicas - after.updatedReplicas < before.replicas - before.updatedReplicas ||
    after.readyReplicas > before.readyReplicas ||
    after.availableReplicas > before.availableReplicas
  );
}

/**
 * util.DeploymentTimedOut: the Progressing condition was last updated more than
 * `progressDeadlineSeconds` ago (or already says so). A completed rollout never times out.
 */
export function deploymentTimedOut(spec: DeploymentSpec, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(spec)) return false;
  const condition = getCondition(status.conditions, ConditionTypes.Progressing);
  if (!condition || condition.reason === Reasons.NewReplicaSetAvailable) return false;
  if (condition.reason === Reasons.ProgressDeadlineExceeded) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  return !Number.isNaN(from) && from + spec.progressDeadlineSeconds * 1000 < now.getTime();
}

/** The ReplicaFailure conditions of the new ReplicaSet, else of any (upstream's `getReplicaFailures`), as Deployment conditions. */
function replicaFailures(allRSs: readonly KubeObject[], newRS: KubeObject | undefined): DeploymentCondition[] {
  const of = (rs: KubeObject) =>
    replicaSetStatus(rs)
      .conditions.filter((c) => c.type === ConditionTypes.ReplicaFailure)
      .map((c): DeploymentCondition => ({ type: c.type, status: c.status as DeploymentCondition['status'], lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
  const fromNew = newRS ? of(newRS) : [];
  return fromNew.length > 0 ? fromNew : allRSs.flatMap(of);
}

export interface RolloutInput {
  readonly name: string;
  readonly spec: DeploymentSpec;
  readonly generation: number;
  /** The status as stored, with the conditions this sync set along the way (progress is measured against its counts). */
  readonly current: DeploymentStatus;
  readonly allRSs: readonly KubeObject[];
  readonly newRS: KubeObject | undefined;
  readonly now: Date;
}

/**
 * Upstream's `syncRolloutStatus`, the status after a rollout step. Without a progress deadline
 * there is no Progressing condition. With one, unless the rollout had completed already: complete
 * → True `NewReplicaSetAvailable`; progress since the stored status → True `ReplicaSetUpdated`,
 * its lastUpdateTime now (the deadline counts from there); no progress for longer than the deadline
 * → False `ProgressDeadlineExceeded` (what `kubectl rollout status` fails on). ReplicaFailure is
 * mirrored from the ReplicaSets.
 */
export function rolloutStatus(input: RolloutInput): DeploymentStatus {
  const { spec, now, newRS } = input;
  const next = calculateStatus(spec, input.generation, input.current, input.allRSs, newRS, now);
  let conditions = hasProgressDeadline(spec) ? next.conditions : removeCondition(next.conditions, ConditionTypes.Progressing);
  const subject = newRS ? `ReplicaSet "${newRS.metadata?.name ?? ''}"` : `Deployment "${input.name}"`;
  const currentCond = getCondition(input.current.conditions, ConditionTypes.Progressing);
  const wasComplete = next.replicas === next.updatedReplicas && currentCond?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(spec) && !wasComplete) {
    if (deploymentComplete(spec, input.generation, next)) {
      conditions = setCondition(conditions, newCondition(ConditionTypes.Progressing, 'True', Reasons.NewReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(input.current, next)) {
      // Progress refreshes lastUpdateTime even under the same reason (setCondition would keep the old one).
      const condition = newCondition(ConditionTypes.Progressing, 'True', Reasons.ReplicaSetUpdated, `${subject} is progressing.`, now);
      const kept = currentCond?.status === 'True' ? { ...condition, lastTransitionTime: currentCond.lastTransitionTime } : condition;
      conditions = [...removeCondition(conditions, ConditionTypes.Progressing), kept];
    } else if (deploymentTimedOut(spec, { ...next, conditions }, now)) {
      conditions = setCondition(conditions, newCondition(ConditionTypes.Progressing, 'False', Reasons.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const [failure] = replicaFailures(input.allRSs, newRS);
  conditions = failure ? setCondition(conditions, failure) : removeCondition(conditions, ConditionTypes.ReplicaFailure);
  return { ...next, conditions };
}

/**
 * Upstream's `requeueStuckDeployment`: when a rollout with a deadline has neither completed nor
 * timed out, the sync is due again when the deadline passes (plus a second) — without it only a
 * change would bring the Deployment back. 0: due now; undefined: not needed.
 */
export function progressCheckDelayMs(spec: DeploymentSpec, generation: number, next: DeploymentStatus, now: Date): number | undefined {
  const condition = getCondition(next.conditions, ConditionTypes.Progressing);
  if (!hasProgressDeadline(spec) || !condition) return undefined;
  if (deploymentComplete(spec, generation, next) || condition.reason === Reasons.ProgressDeadlineExceeded) return undefined;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return undefined;
  const after = from + spec.progressDeadlineSeconds * 1000 - now.getTime();
  return after < 1000 ? 0 : after + 1000;
}
