import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { createOwnedPods, type OwnedPodWritesDeps } from '../controller-utils/owned-pod-writes.js';
import { firstPendingIndexes } from './completion-indexes.js';
import { deleteJobPods, type DeletePodsDeps } from './job.delete-pods.js';
import { jobPodFromTemplate } from './job-pod-from-template.js';
import { isIndexedJob, JOB_KIND, type JobSpec } from './job-spec.js';
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
  const terminating = spec.podReplacementPolicy === 'Failed' ? input.terminating : 0;
  let diff = Math.min(want - terminating - active, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (diff <= 0) return { active, deleted: 0, deletedReady: 0 };
  const wait = remainingBackoffMs(input.backoff, now.getTime(), deps.podFailureBackoffMs);
  if (wait > 0) {
    deps.log(`job ${key}: backing off ${wait} ms before creating pods after failures`);
    return { active, deleted: 0, deletedReady: 0, requeueAfterMs: wait };
  }
  const indexes = isIndexedJob(spec) ? firstPendingIndexes(input.succeededIndexes, activePods, diff, spec.completions) : undefined;
  if (indexes) diff = indexes.length;
  deps.log(`job ${key}: too few pods running (${active} of ${want}), creating ${diff}`);
  const ref = newControllerRef(job, JOB_KIND);
  const { successes, error } = await createOwnedPods(key, job, diff, (i) => jobPodFromTemplate(job, ref, indexes?.[i]), deps);
  return { active: active + successes, deleted: 0, deletedReady: 0, ...(error !== undefined && { error }) };
}
