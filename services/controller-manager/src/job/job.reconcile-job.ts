import { matchesLabels, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { claimObjects } from '../controller-utils/claim-objects.js';
import { labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { filterActivePods, podPhase } from '../controller-utils/pod-readiness.js';
import type { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { completionIndexOf, parseIndexes } from './completion-indexes.js';
import { deleteActivePods } from './job.delete-pods.js';
import { manageJob, type ManageJobDeps } from './job.manage-job.js';
import { trackJobStatus, type TrackStatusDeps } from './job.track-status.js';
import { CONDITION, ensureCondition, failureTarget, isJobFinished, MESSAGE, newCondition, REASON, successCriteriaMet, timestamp } from './job-conditions.js';
import { hasBackoffLimitPerIndex, hasTrackingFinalizer, isIndexedJob, JOB_CONTROLLER_NAME, JOB_KIND, JOB_TRACKING_FINALIZER, jobSpec, type JobCondition, type JobSpec } from './job-spec.js';
import { workingStatus } from './job-status.js';
import { failedIndexes, podsWithDelayedDeletion } from './index-failures.js';
import { matchSuccessPolicy } from './success-policy.js';
import type { FinalizerExpectations } from './finalizer-expectations.js';
import { NO_BACKOFF, nextBackoffRecord, type BackoffRecord } from './pod-failure-backoff.js';
import { activeDeadlineInMs, countNonIgnoredFailed, countReady, countTerminating, failJobMessage, isPodFailed, pastBackoffLimitOnFailure } from './plan-job.js';

export interface ReconcileJobDeps extends ManageJobDeps, TrackStatusDeps {
  /** From the informers. */
  readonly getJob: (namespace: string, name: string) => KubeObject | undefined;
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  /** The namespace's pods whose controller reference names that uid. */
  readonly listOwnedPods: (namespace: string, ownerUid: string) => readonly KubeObject[];
  /** The namespace's pods without a controller. */
  readonly listOrphanPods: (namespace: string) => readonly KubeObject[];
  /** The revision the pod cache is current at. */
  readonly podsRevision: () => number;
  readonly expectations: ReplicaExpectations;
  readonly finalizerExpectations: FinalizerExpectations;
  /** Each Job's failures since its last success (upstream's podBackoffStore). */
  readonly backoff: Map<string, BackoffRecord>;
  /** The Job as the apiserver has it now (adoption's recheck). */
  readonly getFreshJob: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isInvalid: (err: unknown) => boolean;
}

/**
 * One Job (upstream's `syncJob`): claims its pods (an adopted orphan gets the tracking finalizer);
 * counts the finished ones not counted yet (not those a podFailurePolicy Ignore rule matched);
 * decides whether the Job failed (a FailJob rule, backoff limit, active deadline, and with
 * backoffLimitPerIndex its failed indexes) or met its completions or success policy; if so
 * deletes its active pods, else — when its last writes show in the pod cache — makes the number of
 * active pods what parallelism and the completions left want (manageJob); then tracks the status
 * and the pods' finalizers (trackJobStatus). Comes back when the active deadline passes or the
 * backoff after failures ends; a failure to create or delete is thrown after the status was written.
 */
export async function reconcileJob(key: string, deps: ReconcileJobDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const job = deps.getJob(namespace, name);
  if (!job) {
    deps.expectations.forget(key);
    deps.finalizerExpectations.forget(key);
    deps.backoff.delete(key);
    return 'continue';
  }
  const spec = jobSpec(job);
  if (spec.managedBy !== undefined && spec.managedBy !== JOB_CONTROLLER_NAME) return 'continue';
  if (isJobFinished(job)) {
    deps.backoff.delete(key);
    return 'continue';
  }
  if (spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    deps.event(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
    return 'continue';
  }
  const requirements = labelSelectorRequirements(spec.selector);
  if (requirements === null) {
    deps.log(`job ${key}: its selector cannot be read; nothing done`);
    return 'continue';
  }
  const now = deps.now();
  const cache = { getPod: (pod: string) => deps.getPod(namespace, pod), revision: deps.podsRevision() };
  // Before the pods are read: a pod created after this check waits for the next sync.
  const satisfied = deps.expectations.satisfied(key, cache, now.getTime());
  const candidates = [...deps.listOwnedPods(namespace, job.metadata?.uid ?? ''), ...deps.listOrphanPods(namespace)];
  const pods = await claimObjects(job, JOB_KIND, 'pod', (pod) => matchesLabels(requirements, labelsOf(pod)), candidates, {
    ...deps,
    patch: deps.patchPod,
    getFreshOwner: deps.getFreshJob,
    adoptWithFinalizers: [JOB_TRACKING_FINALIZER],
  });
  const activePods = filterActivePods(pods);
  const expectedRemovals = deps.finalizerExpectations.pending(key, cache);
  const status = workingStatus(job);
  let ready = countReady(activePods);
  let terminating = countTerminating(pods);

  const uncounted = new Set([...status.uncounted.succeeded, ...status.uncounted.failed]);
  const uncountable = (pod: KubeObject) => {
    const uid = pod.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(pod) || uncounted.has(uid) || expectedRemovals.has(uid)) return false;
    const ix = completionIndexOf(pod);
    return !isIndexedJob(spec) || (ix !== undefined && ix < spec.completions);
  };
  const newSucceeded = pods.filter((p) => uncountable(p) && podPhase(p) === 'Succeeded');
  const newFailed = pods.filter((p) => uncountable(p) && isPodFailed(p, spec));
  let succeeded = status.succeeded + newSucceeded.length + status.uncounted.succeeded.length;
  const failed = status.failed + countNonIgnoredFailed(spec, newFailed) + status.uncounted.failed.length;

  if (!status.startTime && !spec.suspend) status.startTime = timestamp(now);
  const backoff = nextBackoffRecord(deps.backoff.get(key) ?? NO_BACKOFF, newSucceeded, newFailed, now.getTime());
  const delays: number[] = [];

  let finished: JobCondition | undefined = successCriteriaMet(job);
  const target = finished ? undefined : failureTarget(job);
  if (target) finished = newCondition(CONDITION.failed, 'True', target.reason ?? '', target.message ?? '', now);
  if (!finished) {
    // A FailJob rule matched: the interim FailureTarget records why before the pods' finalizers go.
    const message = failJobMessage(spec, pods);
    if (message !== undefined) finished = newCondition(CONDITION.failureTarget, 'True', REASON.podFailurePolicy, message, now);
  }
  if (!finished) {
    const deadlineIn = activeDeadlineInMs(spec, status, now);
    if (failed > spec.backoffLimit || pastBackoffLimitOnFailure(spec, pods)) finished = newCondition(CONDITION.failureTarget, 'True', REASON.backoffLimitExceeded, MESSAGE.backoffLimitExceeded, now);
    else if (deadlineIn === 0) finished = newCondition(CONDITION.failureTarget, 'True', REASON.deadlineExceeded, MESSAGE.deadlineExceeded, now);
    else if (deadlineIn !== undefined) delays.push(deadlineIn);
  }
  let prevSucceededIndexes: number[] = [];
  let succeededIndexes: number[] = [];
  if (isIndexedJob(spec)) {
    prevSucceededIndexes = parseIndexes(status.completedIndexes, spec.completions);
    const fresh = pods.filter((p) => podPhase(p) === 'Succeeded' && hasTrackingFinalizer(p)).map(completionIndexOf);
    succeededIndexes = [...new Set([...prevSucceededIndexes, ...fresh.filter((ix): ix is number => ix !== undefined && ix < spec.completions)])].sort((a, b) => a - b);
    succeeded = succeededIndexes.length;
  }
  let failedIndexList: number[] | undefined;
  let delayedDeletion = new Map<number, KubeObject>();
  if (hasBackoffLimitPerIndex(spec)) {
    failedIndexList = failedIndexes(spec, parseIndexes(status.failedIndexes, spec.completions), pods);
    if (!finished && spec.maxFailedIndexes !== undefined && failedIndexList.length > spec.maxFailedIndexes) {
      finished = newCondition(CONDITION.failureTarget, 'True', REASON.maxFailedIndexesExceeded, MESSAGE.maxFailedIndexesExceeded, now);
    } else if (!finished && failedIndexList.length > 0 && failedIndexList.length + succeededIndexes.length >= spec.completions) {
      finished = newCondition(CONDITION.failureTarget, 'True', REASON.failedIndexes, MESSAGE.failedIndexes, now);
    }
    const tracked = pods.filter((p) => hasTrackingFinalizer(p) && !uncounted.has(p.metadata?.uid ?? '') && !expectedRemovals.has(p.metadata?.uid ?? ''));
    delayedDeletion = podsWithDelayedDeletion(spec, tracked, activePods, new Set([...succeededIndexes, ...failedIndexList]), now.getTime());
  }
  if (!finished && isIndexedJob(spec)) {
    const matched = matchSuccessPolicy(spec.successPolicy, spec.completions, succeededIndexes);
    if (matched !== undefined) finished = newCondition(CONDITION.successCriteriaMet, 'True', REASON.successPolicy, matched, now);
  }

  let active = activePods.length;
  let manageError: unknown;
  let suspendChanged = false;
  if (finished) {
    const r = await deleteActivePods(job, activePods, deps);
    // Not finished before every active pod is going and the cache shows all of them.
    if (r.deleted !== active || !satisfied) finished = undefined;
    active -= r.deleted;
    terminating += r.deleted;
    ready -= r.deletedReady;
    manageError = r.error;
  } else {
    let managed = false;
    if (satisfied && !job.metadata?.['deletionTimestamp']) {
      const r = await manageJob(key, job, { spec, activePods, succeeded, succeededIndexes, failedIndexes: failedIndexList, delayedDeletion, terminating, backoff }, deps);
      active = r.active;
      terminating += r.deleted;
      ready -= r.deletedReady;
      manageError = r.error;
      if (r.requeueAfterMs !== undefined) delays.push(Math.max(r.requeueAfterMs, 1000));
      managed = true;
    }
    const complete = spec.completions === undefined ? succeeded > 0 && active === 0 : succeeded >= spec.completions && active === 0;
    if (complete) finished = newCondition(CONDITION.successCriteriaMet, 'True', REASON.completionsReached, MESSAGE.completionsReached, now);
    else if (managed) suspendChanged = updateSuspended(job, spec, status, now, deps);
  }

  const needsFlush = suspendChanged || active !== status.active || ready !== status.ready || terminating !== status.terminating;
  status.active = active;
  status.ready = ready;
  status.terminating = terminating;
  await trackJobStatus(
    // The backoff record counts the newly finished pods once the status listing them is written.
    {
      key,
      job,
      spec,
      status,
      pods,
      expectedRemovals,
      prevSucceededIndexes,
      failedIndexes: failedIndexList,
      delayedRemovals: new Set([...delayedDeletion.values()].map((p) => p.metadata?.uid ?? '')),
      finishedCondition: finished,
      onFlushed: () => deps.backoff.set(key, backoff),
    },
    needsFlush,
    deps,
  );
  if (manageError !== undefined) throw manageError;
  const after = deps.expectations.expiresInMs(key, deps.now().getTime());
  if (after !== undefined) delays.push(after);
  return delays.length > 0 ? { requeueAfterMs: Math.min(...delays) } : 'continue';
}

/**
 * The `Suspended` condition (upstream's `syncJob`): True (`JobSuspended`) while suspended, False
 * (`JobResumed`) once resumed, which restarts the active deadline's clock (`startTime` reset).
 * Returns whether it changed.
 */
function updateSuspended(job: KubeObject, spec: JobSpec, status: ReturnType<typeof workingStatus>, now: Date, deps: Pick<ReconcileJobDeps, 'event'>): boolean {
  const [conditions, changed] = spec.suspend
    ? ensureCondition(status.conditions, CONDITION.suspended, 'True', 'JobSuspended', 'Job suspended', now)
    : ensureCondition(status.conditions, CONDITION.suspended, 'False', 'JobResumed', 'Job resumed', now);
  if (!changed) return false;
  status.conditions = conditions;
  if (spec.suspend) deps.event(job, 'Normal', 'Suspended', 'Job suspended');
  else {
    deps.event(job, 'Normal', 'Resumed', 'Job resumed');
    status.startTime = timestamp(now);
  }
  return true;
}
