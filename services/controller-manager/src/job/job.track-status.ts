import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import { podPhase } from '../controller-utils/pod-readiness.js';
import { completionIndexOf, formatIndexes } from './completion-indexes.js';
import { removeFinalizerPatch } from './job.delete-pods.js';
import { CONDITION, ensureCondition, newCondition } from './job-conditions.js';
import { hasTrackingFinalizer, isIndexedJob, type JobCondition, type JobSpec } from './job-spec.js';
import { countUncountedWithoutFinalizers, wireStatus, type WorkingStatus } from './job-status.js';
import type { FinalizerExpectations } from './finalizer-expectations.js';
import { isPodFailed } from './plan-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Upstream's MaxUncountedPods: how many pods one status write may list as uncounted. */
export const MAX_UNCOUNTED_PODS = 500;

export interface TrackStatusDeps {
  /** PUT on the `status` subresource, conditional on the object's resourceVersion; resolves with the Job as stored. */
  readonly updateStatus: (job: KubeObject) => Promise<KubeObject>;
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly finalizerExpectations: FinalizerExpectations;
  readonly event: (job: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
}

/** What the sync found, for the tracking. */
export interface TrackInput {
  readonly key: string;
  readonly job: KubeObject;
  readonly spec: JobSpec;
  readonly status: WorkingStatus;
  readonly pods: readonly KubeObject[];
  /** Pods whose finalizer removal the cache has not shown yet: counted already. */
  readonly expectedRemovals: ReadonlySet<string>;
  /** The indexes counted before this sync (Indexed Jobs). */
  readonly prevSucceededIndexes: readonly number[];
  /** backoffLimitPerIndex Jobs: the failed indexes, for `status.failedIndexes`. */
  readonly failedIndexes?: readonly number[];
  /** Failed pods whose finalizer stays until their index's replacement exists (upstream's podsWithDelayedDeletionPerIndex). */
  readonly delayedRemovals?: ReadonlySet<string>;
  /** SuccessCriteriaMet, FailureTarget, or Failed (a FailureTarget written before). */
  readonly finishedCondition: JobCondition | undefined;
  /** Called once the first status write of this sync succeeded (upstream updates the backoff record then). */
  readonly onFlushed?: () => void;
}

/**
 * Upstream's `trackJobStatusAndRemoveFinalizers`, in its crash-safe order: (1) the finished pods
 * still holding the tracking finalizer are listed in `status.uncountedTerminatedPods` (for Indexed
 * Jobs, a succeeded index goes to `completedIndexes` instead), with the interim condition
 * (`SuccessCriteriaMet` or `FailureTarget`), and that status written; (2) their finalizers are
 * removed; (3) those without a finalizer now are counted in `succeeded` / `failed` and dropped
 * from the lists; (4) once nothing is uncounted or terminating, the terminal condition
 * (`Complete` with `completionTime`, or `Failed`) is added; the status is written again if
 * anything changed, and a finished Job's Event recorded. A crash between the steps never counts a
 * pod twice: a pod is counted only once its uid left the list, and listed only while it has the
 * finalizer. Resolves with the Job as last written.
 */
export async function trackJobStatus(input: TrackInput, needsFlush: boolean, deps: TrackStatusDeps): Promise<KubeObject> {
  const { spec, status, pods, expectedRemovals } = input;
  let job = input.job;
  const indexed = isIndexedJob(spec);
  const ordered = indexed ? [...pods].sort((a, b) => (completionIndexOf(a) ?? Infinity) - (completionIndexOf(b) ?? Infinity)) : pods;
  const withFinalizer = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !expectedRemovals.has(p.metadata?.uid ?? '')).map((p) => p.metadata?.uid ?? ''));
  if (countUncountedWithoutFinalizers(status, withFinalizer)) needsFlush = true;

  let finished = input.finishedCondition;
  const uncountedSucceeded = new Set(status.uncounted.succeeded);
  const uncountedFailed = new Set(status.uncounted.failed);
  const toRemoveFinalizer: KubeObject[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of ordered) {
    const uid = pod.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(pod) || expectedRemovals.has(uid)) continue;
    const failed = isPodFailed(pod, spec);
    // canRemoveFinalizer: the Job is going away or done, or the pod is.
    if (!(job.metadata?.['deletionTimestamp'] || finished || podPhase(pod) === 'Succeeded' || failed)) continue;
    if (!job.metadata?.['deletionTimestamp'] && !finished && podPhase(pod) !== 'Succeeded' && input.delayedRemovals?.has(uid)) continue;
    toRemoveFinalizer.push(pod);
    if (podPhase(pod) === 'Succeeded' && !uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndexOf(pod);
        if (ix !== undefined && ix < spec.completions && !input.prevSucceededIndexes.includes(ix) && !newIndexes.includes(ix)) {
          newIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!uncountedSucceeded.has(uid)) {
        status.uncounted.succeeded.push(uid);
        uncountedSucceeded.add(uid);
        needsFlush = true;
      }
    } else if (failed || (finished && finished.type !== CONDITION.successCriteriaMet)) {
      // Once the Job is failing, every pod not succeeded counts as failed.
      const ix = completionIndexOf(pod);
      // A failure an Ignore rule matched loses its finalizer without being counted.
      if (!uncountedFailed.has(uid) && (!indexed || (ix !== undefined && ix < spec.completions)) && matchPodFailurePolicy(spec.podFailurePolicy, pod).countFailed) {
        status.uncounted.failed.push(uid);
        uncountedFailed.add(uid);
        needsFlush = true;
      }
    }
    if (newIndexes.length + status.uncounted.succeeded.length + status.uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    const completed = formatIndexes([...input.prevSucceededIndexes, ...newIndexes]);
    if (completed !== status.completedIndexes) needsFlush = true;
    status.completedIndexes = completed;
    status.succeeded = new Set([...input.prevSucceededIndexes, ...newIndexes]).size;
  }
  if (input.failedIndexes) {
    const failedIndexes = formatIndexes(input.failedIndexes);
    if (failedIndexes !== status.failedIndexes) needsFlush = true;
    status.failedIndexes = failedIndexes;
  }
  const now = deps.now();
  if (finished?.type === CONDITION.failureTarget) {
    status.conditions.push(finished);
    needsFlush = true;
    finished = newCondition(CONDITION.failed, 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  if (finished?.type === CONDITION.successCriteriaMet) {
    if (!status.conditions.some((c) => c.type === CONDITION.successCriteriaMet && c.status === 'True')) {
      status.conditions.push(finished);
      needsFlush = true;
    }
    finished = newCondition(CONDITION.complete, 'True', finished.reason ?? '', finished.message ?? '', now);
  }

  // (1) the pods about to be counted are listed first.
  if (needsFlush) {
    job = await write(job, status, deps);
    input.onFlushed?.();
    needsFlush = false;
  }
  // (2) their finalizers go.
  let removeError: unknown;
  if (toRemoveFinalizer.length > 0) {
    deps.finalizerExpectations.expectRemovals(input.key, toRemoveFinalizer);
    const results = await Promise.allSettled(
      toRemoveFinalizer.map(async (pod) => {
        try {
          deps.finalizerExpectations.removed(input.key, await deps.patchPod(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', removeFinalizerPatch(pod)));
        } catch (err) {
          deps.finalizerExpectations.removalFailed(input.key, pod.metadata?.uid ?? '');
          if (!deps.isNotFound(err)) throw err;
        }
      }),
    );
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') withFinalizer.delete(toRemoveFinalizer[i]!.metadata?.uid ?? '');
      else removeError ??= r.reason;
    });
  }
  // (3) and they are counted.
  if (countUncountedWithoutFinalizers(status, withFinalizer)) needsFlush = true;
  if (removeError !== undefined) {
    if (needsFlush) await write(job, status, deps);
    throw removeError;
  }
  // (4) the Job finished once nothing is left to count or terminating.
  const done = !reachedMax && finished !== undefined && status.uncounted.succeeded.length + status.uncounted.failed.length === 0 && status.terminating === 0;
  if (done) {
    status.conditions = ensureCondition(status.conditions, finished!.type, 'True', finished!.reason ?? '', finished!.message ?? '', now)[0];
    if (finished!.type === CONDITION.complete) status.completionTime = finished!.lastTransitionTime;
    needsFlush = true;
  }
  if (needsFlush) {
    job = await write(job, status, deps);
    if (done) recordFinished(job, spec, status, finished!, deps);
  }
  return job;
}

async function write(job: KubeObject, status: WorkingStatus, deps: TrackStatusDeps): Promise<KubeObject> {
  return deps.updateStatus({ ...job, status: wireStatus(status) });
}

/** Upstream's `recordJobFinished`: `Completed` (and `TooManySucceededPods`), or the failure's reason and message. */
function recordFinished(job: KubeObject, spec: JobSpec, status: WorkingStatus, finished: JobCondition, deps: TrackStatusDeps): void {
  if (finished.type === CONDITION.complete) {
    if (spec.completions !== undefined && status.succeeded > spec.completions) deps.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    deps.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    deps.event(job, 'Warning', finished.reason ?? '', finished.message ?? '');
  }
}
