import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { planReplicas } from './plan-replicas.js';
import { podFromTemplate } from './pod-from-template.js';
import { podsToDelete } from '../controller-utils/pods-to-delete.js';
import type { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { REPLICASET_KIND, replicaSetSpec } from './replicaset-spec.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../controller-utils/slow-start-batch.js';

export interface ManageReplicasDeps {
  /** Resolves with the pod as created (its generated name, uid and resourceVersion). */
  readonly createPod: (namespace: string, pod: KubeObject) => Promise<KubeObject>;
  /** Deletes the pod if it still has that uid. */
  readonly deletePod: (namespace: string, name: string, uid: string | undefined) => Promise<void>;
  readonly expectations: ReplicaExpectations;
  /** The pods of the ReplicaSets that share this one's controller (co-location rank on scale-down). */
  readonly relatedPods: (rs: KubeObject) => readonly KubeObject[];
  readonly event: (rs: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isConflict: (err: unknown) => boolean;
  /** The create failed because the namespace is being deleted (no event: every create would). */
  readonly isNamespaceTerminating: (err: unknown) => boolean;
  readonly burstReplicas: number;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

/**
 * Upstream's `manageReplicas`: creates the missing pods from the template in slow-start batches,
 * or deletes the surplus in {@link podsToDelete} order, at most `burstReplicas` per sync. Each
 * write is recorded in the expectations (a create once the apiserver answered, a delete before it
 * is sent, dropped again if it fails) and as an Event on the ReplicaSet (`SuccessfulCreate`,
 * `FailedCreate`, `SuccessfulDelete`, `FailedDelete`). A pod already gone counts as deleted.
 * Throws the first failure, after the writes of its batch have finished.
 */
export async function manageReplicas(key: string, rs: KubeObject, pods: readonly KubeObject[], deps: ManageReplicasDeps): Promise<void> {
  const namespace = rs.metadata?.namespace ?? '';
  const plan = planReplicas(pods.length, replicaSetSpec(rs).replicas, deps.burstReplicas);
  switch (plan.action) {
    case 'none':
      return;
    case 'create': {
      deps.log(`replicaset ${key}: too few replicas (${pods.length} of ${replicaSetSpec(rs).replicas}), creating ${plan.count}`);
      const ref = newControllerRef(rs, REPLICASET_KIND);
      const { successes, error } = await slowStartBatch(plan.count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        const pod = podFromTemplate(rs, ref);
        let created: KubeObject;
        try {
          created = await deps.createPod(namespace, pod);
        } catch (err) {
          if (deps.isNamespaceTerminating(err)) return;
          deps.event(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
          throw err;
        }
        deps.expectations.expectCreation(key, created, deps.now().getTime());
        deps.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      });
      if (successes < plan.count) deps.log(`replicaset ${key}: slow-start failure, ${plan.count - successes} pods not created this time`);
      if (error !== undefined) throw error;
      return;
    }
    case 'delete': {
      deps.log(`replicaset ${key}: too many replicas (${pods.length} of ${replicaSetSpec(rs).replicas}), deleting ${plan.count}`);
      const victims = podsToDelete(pods, deps.relatedPods(rs), plan.count, deps.now());
      for (const pod of victims) deps.expectations.expectDeletion(key, pod, deps.now().getTime());
      const results = await Promise.allSettled(victims.map((pod) => deleteOne(key, rs, pod, deps)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return;
    }
    default: {
      const never: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(never)}`);
    }
  }
}

async function deleteOne(key: string, rs: KubeObject, pod: KubeObject, deps: ManageReplicasDeps): Promise<void> {
  const name = pod.metadata?.name ?? '';
  try {
    await deps.deletePod(rs.metadata?.namespace ?? '', name, pod.metadata?.uid);
  } catch (err) {
    deps.expectations.deletionFailed(key, name);
    // Gone already, or replaced by another pod of the same name (the uid precondition): nothing of ours to delete.
    if (deps.isNotFound(err) || deps.isConflict(err)) return;
    deps.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
    throw err;
  }
  deps.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
