import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';
import { controllerRefOf, labelsOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import { labelSelectorMatcher } from '../controller-utils/label-selector.js';
import { keyOf, type Enqueue } from '../replicaset/replicaset.event-handlers.js';
import { isJobFinished } from './job-conditions.js';
import { hasTrackingFinalizer, JOB_KIND, jobSpec } from './job-spec.js';

export { keyOf, type Enqueue };

export interface JobEventHandlerDeps {
  readonly enqueue: Enqueue;
  readonly forgetExpectations: (key: string) => void;
  /** The pods the Job controls (its uid in their controller reference). */
  readonly ownedPods: (namespace: string, uid: string) => readonly KubeObject[];
  /** Queues a pod whose tracking finalizer no Job sync will remove (upstream's orphan queue). */
  readonly enqueueOrphanPod: (key: string) => void;
}

/**
 * A Job change (upstream's `addJob`/`updateJob`/`deleteJob`): its own key. A deleted Job's
 * expectations are dropped and its pods' finalizers handed to the orphan queue, as are those of a
 * finished Job's pods (a backup: it finishes only once they are gone).
 */
export function jobEventHandler(deps: JobEventHandlerDeps): EventHandler<KubeObject> {
  const key = (job: KubeObject) => keyOf(job.metadata?.namespace, job.metadata?.name);
  const cleanupPodFinalizers = (job: KubeObject) => {
    for (const pod of deps.ownedPods(job.metadata?.namespace ?? '', job.metadata?.uid ?? '')) if (hasTrackingFinalizer(pod)) deps.enqueueOrphanPod(keyOf(pod.metadata?.namespace, pod.metadata?.name));
  };
  return {
    onAdd: (job, _initial, ctx) => deps.enqueue(key(job), ctx),
    onUpdate: (old, job, ctx) => {
      if (old.metadata?.uid !== job.metadata?.uid) deps.forgetExpectations(key(old));
      deps.enqueue(key(job), ctx);
      if (isJobFinished(job)) cleanupPodFinalizers(job);
    },
    onDelete: (object, ctx) => {
      const job = deletedObject(object);
      deps.forgetExpectations(key(job));
      deps.enqueue(key(job), ctx);
      cleanupPodFinalizers(job);
    },
  };
}

export interface PodEventHandlerDeps {
  readonly getJob: (namespace: string, name: string) => KubeObject | undefined;
  readonly listJobs: (namespace: string) => readonly KubeObject[];
  readonly enqueue: Enqueue;
  readonly enqueueOrphanPod: (key: string) => void;
}

/**
 * A Pod change (upstream's `addPod`/`updatePod`/`deletePod`): the Job its controller reference
 * names (the old one too when the reference changed); an orphan goes to the Jobs whose selector
 * matches it (to adopt it) and, with a tracking finalizer, to the orphan queue. A pod being deleted
 * whose Job is gone or finished goes to the orphan queue: no sync of it would free the pod.
 */
export function podEventHandler(deps: PodEventHandlerDeps): EventHandler<KubeObject> {
  const podKey = (pod: KubeObject) => keyOf(pod.metadata?.namespace, pod.metadata?.name);
  const jobKey = (job: KubeObject) => keyOf(job.metadata?.namespace, job.metadata?.name);
  const resolve = (pod: KubeObject, ref: OwnerReference | undefined) => (ref ? resolveControllerRef(deps, pod.metadata?.namespace ?? '', ref) : undefined);
  const enqueueSelecting = (pod: KubeObject, ctx: EventContext | undefined) => {
    for (const job of deps.listJobs(pod.metadata?.namespace ?? '')) {
      if (labelSelectorMatcher(jobSpec(job).selector, { nonEmpty: true })(labelsOf(pod))) deps.enqueue(jobKey(job), ctx);
    }
  };
  const deleted = (pod: KubeObject, ctx: EventContext | undefined) => {
    const ref = controllerRefOf(pod);
    const job = resolve(pod, ref);
    if (!job || isJobFinished(job)) {
      if (hasTrackingFinalizer(pod)) deps.enqueueOrphanPod(podKey(pod));
      return;
    }
    deps.enqueue(jobKey(job), ctx);
  };
  return {
    onAdd: (pod, _initial, ctx) => {
      if (pod.metadata?.['deletionTimestamp']) return deleted(pod, ctx);
      const ref = controllerRefOf(pod);
      if (ref) {
        const job = resolve(pod, ref);
        if (job) deps.enqueue(jobKey(job), ctx);
        return;
      }
      if (hasTrackingFinalizer(pod)) deps.enqueueOrphanPod(podKey(pod));
      enqueueSelecting(pod, ctx);
    },
    onUpdate: (old, pod, ctx) => {
      if (old === pod || old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      if (pod.metadata?.['deletionTimestamp']) return deleted(pod, ctx);
      const [oldRef, ref] = [controllerRefOf(old), controllerRefOf(pod)];
      const refChanged = !isDeepStrictEqual(oldRef, ref);
      if (refChanged && oldRef) {
        const job = resolve(old, oldRef);
        if (job) deps.enqueue(jobKey(job), ctx);
      }
      if (ref) {
        const job = resolve(pod, ref);
        if (job) deps.enqueue(jobKey(job), ctx);
        return;
      }
      if (hasTrackingFinalizer(pod)) deps.enqueueOrphanPod(podKey(pod));
      if (refChanged || !isDeepStrictEqual(labelsOf(old), labelsOf(pod))) enqueueSelecting(pod, ctx);
    },
    onDelete: (object, ctx) => deleted(deletedObject(object), ctx),
  };
}

/** Upstream's `resolveControllerRef`: the cached Job the reference names, if it is that one (same uid). */
export function resolveControllerRef(deps: Pick<PodEventHandlerDeps, 'getJob'>, namespace: string, ref: OwnerReference): KubeObject | undefined {
  if (ref.kind !== JOB_KIND.kind) return undefined;
  const job = deps.getJob(namespace, ref.name);
  return job?.metadata?.uid === ref.uid ? job : undefined;
}
