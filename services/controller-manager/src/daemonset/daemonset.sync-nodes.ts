import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import type { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../controller-utils/slow-start-batch.js';
import { daemonPodFor, daemonPodTemplate } from './daemon-pod.js';
import { DAEMONSET_KIND } from './daemonset-spec.js';

/** Upstream's `BurstReplicas` for DaemonSets: pods created or deleted per sync. */
export const DAEMONSET_BURST_REPLICAS = 250;

export interface SyncNodesDeps {
  /** Resolves with the pod as created (its generated name, uid and resourceVersion). */
  readonly createPod: (namespace: string, pod: KubeObject) => Promise<KubeObject>;
  /** Deletes the pod if it still has that uid. */
  readonly deletePod: (namespace: string, name: string, uid: string | undefined) => Promise<void>;
  readonly expectations: ReplicaExpectations;
  readonly event: (ds: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isConflict: (err: unknown) => boolean;
  /** The create failed because the namespace is being deleted (no event: every create would). */
  readonly isNamespaceTerminating: (err: unknown) => boolean;
  readonly burstReplicas: number;
  readonly now: () => Date;
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
  const namespace = ds.metadata?.namespace ?? '';
  const nodes = nodesNeedingPods.slice(0, deps.burstReplicas);
  const victims = podsToDelete.slice(0, deps.burstReplicas);
  const errors: unknown[] = [];
  if (nodes.length > 0) {
    deps.log(`daemonset ${key}: creating ${nodes.length} pods on nodes ${nodes.join(', ')}`);
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(ds, DAEMONSET_KIND);
    let next = 0;
    const { error } = await slowStartBatch(nodes.length, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      const pod = daemonPodFor(ds, template, nodes[next++]!, ref);
      let created: KubeObject;
      try {
        created = await deps.createPod(namespace, pod);
      } catch (err) {
        if (deps.isNamespaceTerminating(err)) return;
        deps.event(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
        throw err;
      }
      deps.expectations.expectCreation(key, created, deps.now().getTime());
      deps.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    });
    if (error !== undefined) errors.push(error);
  }
  if (victims.length > 0) {
    deps.log(`daemonset ${key}: deleting pods ${victims.map((p) => p.metadata?.name).join(', ')}`);
    for (const pod of victims) deps.expectations.expectDeletion(key, pod, deps.now().getTime());
    const results = await Promise.allSettled(victims.map((pod) => deleteOne(key, ds, pod, deps)));
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
  }
  if (errors.length > 0) throw errors[0];
}

async function deleteOne(key: string, ds: KubeObject, pod: KubeObject, deps: SyncNodesDeps): Promise<void> {
  const name = pod.metadata?.name ?? '';
  try {
    await deps.deletePod(ds.metadata?.namespace ?? '', name, pod.metadata?.uid);
  } catch (err) {
    deps.expectations.deletionFailed(key, name);
    // Gone already, or replaced by another pod of the same name (the uid precondition): nothing of ours to delete.
    if (deps.isNotFound(err) || deps.isConflict(err)) return;
    deps.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
    throw err;
  }
  deps.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
