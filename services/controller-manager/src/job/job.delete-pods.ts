import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import { isPodReady } from '../controller-utils/pod-readiness.js';
import type { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER } from './job-spec.js';

export interface DeletePodsDeps {
  /** Deletes the pod if it still has that uid. */
  readonly deletePod: (namespace: string, name: string, uid: string | undefined) => Promise<void>;
  /** A strategic merge patch of a pod; resolves with the pod as stored. */
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly expectations: ReplicaExpectations;
  readonly event: (job: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
}

/** What a round of deletes did: how many pods (and ready ones) are gone or going, and the first failure. */
export interface Deleted {
  readonly deleted: number;
  readonly deletedReady: number;
  readonly error?: unknown;
}

/** Upstream's `removeTrackingFinalizerPatch`: the finalizer taken out of the pod's list. */
export const removeFinalizerPatch = (pod: KubeObject): Record<string, unknown> => ({ metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER], uid: pod.metadata?.uid } });

/**
 * Upstream's `deleteJobPods` (scale-down, suspend): each pod's tracking finalizer is removed first
 * — a pod removed on purpose is not a failure to count — then the pod deleted, recorded in the
 * expectations and as a `SuccessfulDelete` Event. A pod gone already counts as deleted.
 */
export async function deleteJobPods(key: string, job: KubeObject, pods: readonly KubeObject[], deps: DeletePodsDeps): Promise<Deleted> {
  for (const pod of pods) deps.expectations.expectDeletion(key, pod, deps.now().getTime());
  return settle(pods, async (pod) => {
    try {
      if (hasTrackingFinalizer(pod)) await deps.patchPod(job.metadata?.namespace ?? '', pod.metadata?.name ?? '', removeFinalizerPatch(pod));
      await deletePod(job, pod, deps);
    } catch (err) {
      deps.expectations.deletionFailed(key, pod.metadata?.name ?? '');
      throw err;
    }
  }, deps);
}

/**
 * Upstream's `deleteActivePods` (the Job failed or met its success criteria): the pods are deleted
 * with their finalizers, which the status tracking removes once it counted them.
 */
export function deleteActivePods(job: KubeObject, pods: readonly KubeObject[], deps: DeletePodsDeps): Promise<Deleted> {
  return settle(pods, (pod) => deletePod(job, pod, deps), deps);
}

async function deletePod(job: KubeObject, pod: KubeObject, deps: DeletePodsDeps): Promise<void> {
  const name = pod.metadata?.name ?? '';
  try {
    await deps.deletePod(job.metadata?.namespace ?? '', name, pod.metadata?.uid);
  } catch (err) {
    if (deps.isNotFound(err)) throw err;
    deps.event(job, 'Warning', 'FailedDelete', `Error deleting: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
  deps.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
}

async function settle(pods: readonly KubeObject[], one: (pod: KubeObject) => Promise<void>, deps: Pick<DeletePodsDeps, 'isNotFound'>): Promise<Deleted> {
  const results = await Promise.allSettled(pods.map(one));
  let deleted = 0;
  let deletedReady = 0;
  let error: unknown;
  results.forEach((r, i) => {
    if (r.status === 'rejected' && !deps.isNotFound(r.reason)) {
      error ??= r.reason;
      return;
    }
    deleted++;
    if (isPodReady(pods[i]!)) deletedReady++;
  });
  return { deleted, deletedReady, ...(error !== undefined && { error }) };
}
