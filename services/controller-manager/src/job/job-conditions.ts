import type { KubeObject } from '@kubeledger/api';
import { jobStatus, type JobCondition } from './job-spec.js';

/** Condition types and reasons as batch/v1 names them. */
export const CONDITION = { complete: 'Complete', failed: 'Failed', successCriteriaMet: 'SuccessCriteriaMet', failureTarget: 'FailureTarget', suspended: 'Suspended' } as const;
export const REASON = { completionsReached: 'CompletionsReached', backoffLimitExceeded: 'BackoffLimitExceeded', deadlineExceeded: 'DeadlineExceeded', podFailurePolicy: 'PodFailurePolicy', maxFailedIndexesExceeded: 'MaxFailedIndexesExceeded', failedIndexes: 'FailedIndexes', successPolicy: 'SuccessPolicy' } as const;
export const MESSAGE = {
  completionsReached: 'Reached expected number of succeeded pods',
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
} as const;

/** A metav1.Time: seconds precision, UTC. */
export const timestamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition {
  const at = timestamp(now);
  return { type, status, reason, message, lastProbeTime: at, lastTransitionTime: at };
}

export const findCondition = (conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined => conditions?.find((c) => c.type === type);

const isTrue = (conditions: readonly JobCondition[] | undefined, type: string) => findCondition(conditions, type)?.status === 'True';

/** util.IsJobFinished: `Complete` or `Failed` is True. */
export function isJobFinished(job: KubeObject): boolean {
  const { conditions } = jobStatus(job);
  return isTrue(conditions, CONDITION.complete) || isTrue(conditions, CONDITION.failed);
}

/** The Job's True `SuccessCriteriaMet` condition, if any. */
export const successCriteriaMet = (job: KubeObject): JobCondition | undefined => (isTrue(jobStatus(job).conditions, CONDITION.successCriteriaMet) ? findCondition(jobStatus(job).conditions, CONDITION.successCriteriaMet) : undefined);

/** The Job's True `FailureTarget` condition, if any. */
export const failureTarget = (job: KubeObject): JobCondition | undefined => (isTrue(jobStatus(job).conditions, CONDITION.failureTarget) ? findCondition(jobStatus(job).conditions, CONDITION.failureTarget) : undefined);

/**
 * Upstream's `ensureJobConditionStatus`: the condition of that type made to say `status` (with a new
 * transition time when anything of it changes); a False one is never added where none was.
 * Returns the list and whether it changed.
 */
export function ensureCondition(conditions: readonly JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: Date): [JobCondition[], boolean] {
  const i = conditions.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conditions[i]!;
    if (c.status === status && c.reason === reason && c.message === message) return [[...conditions], false];
    const list = [...conditions];
    list[i] = newCondition(type, status, reason, message, now);
    return [list, true];
  }
  if (status === 'False') return [[...conditions], false];
  return [[...conditions, newCondition(type, status, reason, message, now)], true];
}
