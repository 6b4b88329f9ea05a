import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { removeFinalizerPatch } from './job.delete-pods.js';
import { resolveControllerRef } from './job.event-handlers.js';
import { isJobFinished } from './job-conditions.js';
import { hasTrackingFinalizer, JOB_CONTROLLER_NAME, JOB_KIND, jobSpec } from './job-spec.js';

export interface OrphanPodDeps {
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  readonly getJob: (namespace: string, name: string) => KubeObject | undefined;
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
}

/**
 * Upstream's `syncOrphanPod`: the tracking finalizer of a pod no Job sync will free — without a
 * controller, or whose Job is gone or finished — is removed. A pod controlled by something else
 * than a batch/v1 Job, by a Job another controller manages, or adopted by a live Job, is left alone.
 */
export async function reconcileOrphanPod(key: string, deps: OrphanPodDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const [namespace, name] = [key.slice(0, slash), key.slice(slash + 1)];
  const pod = deps.getPod(namespace, name);
  if (!pod || !hasTrackingFinalizer(pod)) return 'continue';
  const ref = controllerRefOf(pod);
  if (ref) {
    if (ref.kind !== JOB_KIND.kind || ref.apiVersion !== JOB_KIND.apiVersion) return 'continue';
    const job = resolveControllerRef(deps, namespace, ref);
    const managedBy = job && jobSpec(job).managedBy;
    if (managedBy !== undefined && managedBy !== JOB_CONTROLLER_NAME) return 'continue';
    if (job && !isJobFinished(job)) return 'continue';
  }
  try {
    await deps.patchPod(namespace, name, removeFinalizerPatch(pod));
  } catch (err) {
    if (!deps.isNotFound(err)) throw err;
  }
  return 'continue';
}
