import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { createOwnedPods, deleteOwnedPod, type OwnedPodWritesDeps } from '../controller-utils/owned-pod-writes.js';
import { daemonPodFor, daemonPodTemplate } from './daemon-pod.js';
import { DAEMONSET_KIND } from './daemonset-spec.js';

/** Upstream's `BurstReplicas` for DaemonSets: pods created or deleted per sync. */
export const DAEMONSET_BURST_REPLICAS = 250;

export interface SyncNodesDeps extends OwnedPodWritesDeps {
  readonly burstReplicas: number;
  readonly log: (message: string) => void;
}

/**
 * Upstream's `syncNodes`: deletes the pods and creates one pod (of the current revision, pinned to
 * its node by node affinity) per node, at most `burstReplicas` of each per sync, creates in
 * slow-start batches. Each write goes into the expectations and an Event (`SuccessfulCreate`,
 * `FailedCreate`, `SuccessfulDelete`, `FailedDelete`); a pod already gone counts as deleted.
 * Throws the first failure once the writes finished.
 */
export async function syncNodes(key: string, ds: KubeObject, podsToDelete: readonly KubeObject[], nodesNeedingPods: readonly string[], hash: string, deps: SyncNodesDeps): Promise<void> {
  const nodes = nodesNeedingPods.slice(0, deps.burstReplicas);
  const victims = podsToDelete.slice(0, deps.burstReplicas);
  const errors: unknown[] = [];
  if (nodes.length > 0) {
    deps.log(`daemonset ${key}: creating ${nodes.length} pods on nodes ${nodes.join(', ')}`);
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(ds, DAEMONSET_KIND);
    const { error } = await createOwnedPods(key, ds, nodes.length, (i) => daemonPodFor(ds, template, nodes[i]!, ref), deps);
    if (error !== undefined) errors.push(error);
  }
  if (victims.length > 0) {
    deps.log(`daemonset ${key}: deleting pods ${victims.map((p) => p.metadata?.name).join(', ')}`);
    for (const pod of victims) deps.expectations.expectDeletion(key, pod, deps.now().getTime());
    const results = await Promise.allSettled(victims.map((pod) => deleteOwnedPod(key, ds, pod, deps)));
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
  }
  if (errors.length > 0) throw errors[0];
}
