import type { FieldError, KubeObject } from '@kubeledger/api';
import type { ResourceStrategy } from '../strategy.js';
import { duplicate, invalidValue, nonNegative, required } from '../validation/field-errors.js';
import { failedIndexesOverlapCompleted, validateIndexesFormat } from './validate-indexes.js';

interface Condition {
  readonly type?: string;
  readonly status?: string;
}
interface Status {
  readonly active?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly ready?: number;
  readonly terminating?: number;
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly completedIndexes?: string;
  readonly failedIndexes?: string | null;
  readonly uncountedTerminatedPods?: { readonly succeeded?: readonly string[]; readonly failed?: readonly string[] };
  readonly conditions?: readonly Condition[];
}

interface Spec {
  readonly completions?: number | null;
  readonly completionMode?: string;
  readonly backoffLimitPerIndex?: number | null;
}

const statusOf = (job: KubeObject) => (job['status'] ?? {}) as Status;
const specOf = (job: KubeObject) => (job['spec'] ?? {}) as Spec;
const isTrue = (s: Status, type: string) => (s.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/**
 * The Job `status` subresource (pkg/registry/batch/job's status strategy): besides what the
 * status strategy keeps, upstream's ValidateJobStatusUpdate — counters not negative, uncounted
 * pods named once, the terminal conditions only after their interim ones (Failed after
 * FailureTarget, Complete after SuccessCriteriaMet) and never both, a finished Job without active
 * or uncounted pods and with its times, no terminal condition taken back, no counter decreased;
 * and, when they change, `completedIndexes` and `failedIndexes` well formed, below completions,
 * not overlapping, `completedIndexes` for Indexed Jobs only and `failedIndexes` for
 * backoffLimitPerIndex Jobs only (upstream checks these only when the field changed, so that a
 * status written before the spec scaled down stays writable).
 */
export function jobStatusStrategy(base: ResourceStrategy): ResourceStrategy {
  return {
    ...base,
    validateUpdate(job, old) {
      return [...base.validateUpdate(job, old), ...validateJobStatus(job, old), ...validateJobStatusTransition(statusOf(job), statusOf(old))];
    },
  };
}

const conditionsError = (detail: string) => invalidValue('status.conditions', undefined, detail);

/** validateJobStatus, with the options upstream's status strategy passes. */
export function validateJobStatus(job: KubeObject, old: KubeObject): FieldError[] {
  const s = statusOf(job);
  const before = statusOf(old);
  const errs: FieldError[] = [];
  for (const field of ['active', 'succeeded', 'failed', 'ready', 'terminating'] as const) errs.push(...nonNegative(`status.${field}`, s[field]));
  const seen = new Set<string>();
  for (const list of ['succeeded', 'failed'] as const) {
    (s.uncountedTerminatedPods?.[list] ?? []).forEach((uid, i) => {
      const field = `status.uncountedTerminatedPods.${list}[${i}]`;
      if (uid === '') errs.push(invalidValue(field, uid, 'must not be empty'));
      else if (seen.has(uid)) errs.push(duplicate(field, uid));
      else seen.add(uid);
    });
  }
  const complete = isTrue(s, 'Complete');
  const failed = isTrue(s, 'Failed');
  const finished = complete || failed;
  const criteriaMet = isTrue(s, 'SuccessCriteriaMet');
  const failureTarget = isTrue(s, 'FailureTarget');
  if (complete && failed) errs.push(conditionsError('cannot set Complete=True and Failed=true conditions'));
  if (complete && failureTarget) errs.push(conditionsError('cannot set Complete=True and FailureTarget=true conditions'));
  if (s.completionTime && !complete) errs.push(invalidValue('status.completionTime', s.completionTime, 'cannot set completionTime when there is no Complete=True condition'));
  if (!s.completionTime && complete) errs.push(required('status.completionTime', 'completionTime is required for Complete jobs'));
  if (s.startTime && s.completionTime && Date.parse(s.completionTime) < Date.parse(s.startTime)) errs.push(invalidValue('status.completionTime', s.completionTime, 'completionTime cannot be set before startTime'));
  if (failed && !failureTarget) errs.push(conditionsError('cannot set Failed=True condition without the FailureTarget=true condition'));
  if (complete && !criteriaMet) errs.push(conditionsError('cannot set Complete=True condition without the SuccessCriteriaMet=true condition'));
  if (finished && (s.active ?? 0) > 0) errs.push(invalidValue('status.active', s.active, 'active>0 is invalid for finished job'));
  if (finished && !s.startTime) errs.push(required('status.startTime', 'startTime is required for finished job'));
  const uncounted = (s.uncountedTerminatedPods?.succeeded?.length ?? 0) + (s.uncountedTerminatedPods?.failed?.length ?? 0);
  if (finished && uncounted > 0) errs.push(invalidValue('status.uncountedTerminatedPods', s.uncountedTerminatedPods, 'uncountedTerminatedPods needs to be empty for finished job'));
  errs.push(...validateIndexes(specOf(job), s, before));
  if (finished && (s.terminating ?? 0) > 0) errs.push(invalidValue('status.terminating', s.terminating, 'terminating>0 is invalid for finished job'));
  if (s.ready !== undefined && s.ready > (s.active ?? 0)) errs.push(invalidValue('status.ready', s.ready, 'cannot set more ready pods than active'));
  if (criteriaMet && failed) errs.push(conditionsError('cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (criteriaMet && failureTarget) errs.push(conditionsError('cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  return errs;
}

/**
 * validateJobStatus on `completedIndexes` and `failedIndexes` (RejectInvalidCompletedIndexes,
 * RejectInvalidFailedIndexes, RejectCompletedIndexesForNonIndexedJob,
 * RejectFailedIndexesForNoBackoffLimitPerIndex, RejectFailedIndexesOverlappingCompleted), each on
 * when the fields it reads changed.
 */
function validateIndexes(spec: Spec, s: Status, old: Status): FieldError[] {
  const errs: FieldError[] = [];
  const completed = s.completedIndexes ?? '';
  const failed = s.failedIndexes ?? undefined;
  const completedChanged = completed !== (old.completedIndexes ?? '');
  const failedChanged = failed !== (old.failedIndexes ?? undefined);
  const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
  const perIndex = typeof spec.backoffLimitPerIndex === 'number';
  if (completedChanged && completions !== undefined) {
    const parsed = validateIndexesFormat(completed, completions);
    if ('error' in parsed) errs.push(invalidValue('status.completedIndexes', completed, `error parsing completedIndexes: ${parsed.error}`));
  }
  if (failedChanged && completions !== undefined && perIndex && failed !== undefined) {
    const parsed = validateIndexesFormat(failed, completions);
    if ('error' in parsed) errs.push(invalidValue('status.failedIndexes', failed, `error parsing failedIndexes: ${parsed.error}`));
  }
  if (completedChanged && completed !== '' && spec.completionMode !== 'Indexed') errs.push(invalidValue('status.completedIndexes', completed, 'cannot set non-empty completedIndexes when non-indexed completion mode'));
  if (failedChanged && !perIndex && failed !== undefined) errs.push(invalidValue('status.failedIndexes', failed, 'cannot set non-null failedIndexes when backoffLimitPerIndex is null'));
  if ((completedChanged || failedChanged) && completions !== undefined && failed !== undefined) {
    const overlap = failedIndexesOverlapCompleted(completed, failed, completions);
    if (overlap !== undefined) errs.push(invalidValue('status.failedIndexes', failed, overlap));
  }
  return errs;
}

/** ValidateJobStatusUpdate's rules about the change. */
function validateJobStatusTransition(s: Status, old: Status): FieldError[] {
  const errs: FieldError[] = [];
  for (const type of ['Failed', 'Complete', 'FailureTarget']) if (isTrue(old, type) && !isTrue(s, type)) errs.push(conditionsError(`cannot disable the terminal ${type}=True condition`));
  if ((s.failed ?? 0) < (old.failed ?? 0)) errs.push(invalidValue('status.failed', s.failed ?? 0, 'cannot decrease the failed counter'));
  if ((s.succeeded ?? 0) < (old.succeeded ?? 0)) errs.push(invalidValue('status.succeeded', s.succeeded ?? 0, 'cannot decrease the succeeded counter'));
  if (s.completionTime && old.completionTime && s.completionTime !== old.completionTime) errs.push(invalidValue('status.completionTime', s.completionTime, 'completionTime cannot be mutated'));
  if (isTrue(old, 'SuccessCriteriaMet') && !isTrue(s, 'SuccessCriteriaMet')) errs.push(conditionsError('cannot disable the SuccessCriteriaMet=True condition'));
  return errs;
}
