import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { createOwnedPods, type OwnedPodWritesDeps } from '../controller-utils/owned-pod-writes.js';
import { firstPendingIndexes } from './completion-indexes.js';
import { deleteJobPods, type DeletePodsDeps } from './job.delete-pods.js';
import { jobPodFromTemplate } from './job-pod-from-template.js';
import { hasBackoffLimitPerIndex, isIndexedJob, JOB_KIND, onlyReplaceFailedPods, type JobSpec } from './job-spec.js';
import { nextIndexFailureCounts, remainingIndexBackoffMs } from './index-failures.js';
import { remainingBackoffMs, type BackoffRecord } from './pod-failure-backoff.js';
import { activePodsForRemoval, MAX_POD_CREATE_DELETE_PER_SYNC, wantActive } from './plan-job.js';

export interface ManageJobDeps extends DeletePodsDeps, Pick<OwnedPodWritesDeps, 'createPod' | 'isNamespaceTerminating'> {
  /** The first delay before a failed pod is replaced (upstream: 10 s, doubled per failure, at most 6 min). */
  readonly podFailureBackoffMs: number;
  readonly log: (message: string) => void;
}

/** What manageJob sees of the sync. */
export interface ManageJobInput {
  readonly spec: JobSpec;
  readonly activePods: readonly KubeObject[];
  readonly succeeded: number;
  readonly succeededIndexes: readonly number[];
  /** backoffLimitPerIndex: the failed indexes (never recreated), and per index the failed pod a new one replaces. */
  readonly failedIndexes?: readonly number[];
  readonly delayedDeletion?: ReadonlyMap<number, KubeObject>;
  readonly terminating: number;
  readonly backoff: BackoffRecord;
}

/** What it did: the active pods after it, those deleted (ready ones too), when to come back, and the first failure. */
export interface ManageJobResult {
  readonly active: number;
  readonly deleted: number;
  readonly deletedReady: number;
  readonly requeueAfterMs?: number;
  readonly error?: unknown;
}

/**
 * Upstream's `manageJob`: a suspended Job's active pods are deleted; otherwise the surplus over the
 * pods wanted (and, for Indexed Jobs, pods of a missing or repeated index) are deleted, or the
 * missing pods created — for Indexed Jobs, one per pending index — in slow-start batches, at most
 * 500 a sync, once the backoff after the last failures passed (else it comes back then). Only
 * deletes or creates, never both in one sync. Each create is recorded in the expectations and as a
 * `SuccessfulCreate` Event (`FailedCreate` when it fails).
 */
export async function manageJob(key: string, job: KubeObject, input: ManageJobInput, deps: ManageJobDeps): Promise<ManageJobResult> {
  const { spec, activePods } = input;
  const active = activePods.length;
  const now = deps.now();
  if (spec.suspend) {
    const r = await deleteJobPods(key, job, activePodsForRemoval(spec, activePods, active, now), deps);
    return { active: active - r.deleted, deleted: r.deleted, deletedReady: r.deletedReady, ...(r.error !== undefined && { error: r.error }) };
  }
  const want = wantActive(spec, input.succeeded, active);
  const toDelete = activePodsForRemoval(spec, activePods, Math.max(0, active - want), now).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    deps.log(`job ${key}: too many pods running (${active} of ${want}), deleting ${toDelete.length}`);
    const r = await deleteJobPods(key, job, toDelete, deps);
    return { active: active - r.deleted, deleted: r.deleted, deletedReady: r.deletedReady, ...(r.error !== undefined && { error: r.error }) };
  }
  // Pods still terminating are waited for only when replacing failed pods alone.
  const terminating = onlyReplaceFailedPods(spec) ? input.terminating : 0;
  let diff = Math.min(want - terminating - active, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (diff <= 0) return { active, deleted: 0, deletedReady: 0 };
  let indexes = isIndexedJob(spec) ? firstPendingIndexes([...input.succeededIndexes, ...(input.failedIndexes ?? [])], activePods, diff, spec.completions) : undefined;
  let laterMs: number | undefined;
  if (hasBackoffLimitPerIndex(spec) && indexes) {
    // Each index backs off by its own failures (upstream's getPodCreationInfoForIndependentIndexes).
    const waits = indexes.map((ix) => remainingIndexBackoffMs(input.delayedDeletion?.get(ix), now.getTime(), deps.podFailureBackoffMs));
    const pending = waits.filter((w) => w > 0);
    if (pending.length > 0) laterMs = Math.min(...pending);
    indexes = indexes.filter((_, i) => waits[i] === 0);
    if (indexes.length === 0) {
      deps.log(`job ${key}: backing off ${laterMs} ms before recreating pods of failed indexes`);
      return { active, deleted: 0, deletedReady: 0, requeueAfterMs: laterMs! };
    }
  } else {
    const wait = remainingBackoffMs(input.backoff, now.getTime(), deps.podFailureBackoffMs);
    if (wait > 0) {
      deps.log(`job ${key}: backing off ${wait} ms before creating pods after failures`);
      return { active, deleted: 0, deletedReady: 0, requeueAfterMs: wait };
    }
  }
  if (indexes) diff = indexes.length;
  if (diff <= 0) return { active, deleted: 0, deletedReady: 0 };
  deps.log(`job ${key}: too few pods running (${active} of ${want}), creating ${diff}`);
  const ref = newControllerRef(job, JOB_KIND);
  const counts = (ix: number | undefined) => (hasBackoffLimitPerIndex(spec) && ix !== undefined ? nextIndexFailureCounts(spec, input.delayedDeletion?.get(ix)) : undefined);
  const { successes, error } = await createOwnedPods(key, job, diff, (i) => jobPodFromTemplate(job, ref, indexes?.[i], counts(indexes?.[i])), deps);
  return { active: active + successes, deleted: 0, deletedReady: 0, ...(laterMs !== undefined && { requeueAfterMs: laterMs }), ...(error !== undefined && { error }) };
}
