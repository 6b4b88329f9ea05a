import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { planReplicas } from './plan-replicas.js';
import { podFromTemplate } from './pod-from-template.js';
import { podsToDelete } from '../controller-utils/pods-to-delete.js';
import { createOwnedPods, deleteOwnedPod, type OwnedPodWritesDeps } from '../controller-utils/owned-pod-writes.js';
import { REPLICASET_KIND, replicaSetSpec } from './replicaset-spec.js';

export interface ManageReplicasDeps extends OwnedPodWritesDeps {
  /** The pods of the ReplicaSets that share this one's controller (co-location rank on scale-down). */
  readonly relatedPods: (rs: KubeObject) => readonly KubeObject[];
  readonly burstReplicas: number;
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
  const plan = planReplicas(pods.length, replicaSetSpec(rs).replicas, deps.burstReplicas);
  switch (plan.action) {
    case 'none':
      return;
    case 'create': {
      deps.log(`replicaset ${key}: too few replicas (${pods.length} of ${replicaSetSpec(rs).replicas}), creating ${plan.count}`);
      const ref = newControllerRef(rs, REPLICASET_KIND);
      const { successes, error } = await createOwnedPods(key, rs, plan.count, () => podFromTemplate(rs, ref), deps);
      if (successes < plan.count) deps.log(`replicaset ${key}: slow-start failure, ${plan.count - successes} pods not created this time`);
      if (error !== undefined) throw error;
      return;
    }
    case 'delete': {
      deps.log(`replicaset ${key}: too many replicas (${pods.length} of ${replicaSetSpec(rs).replicas}), deleting ${plan.count}`);
      const victims = podsToDelete(pods, deps.relatedPods(rs), plan.count, deps.now());
      for (const pod of victims) deps.expectations.expectDeletion(key, pod, deps.now().getTime());
      const results = await Promise.allSettled(victims.map((pod) => deleteOwnedPod(key, rs, pod, deps)));
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
