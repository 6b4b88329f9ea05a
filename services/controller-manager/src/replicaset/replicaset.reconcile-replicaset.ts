import { matchesLabels, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { isBeingDeleted, labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { filterActivePods } from '../controller-utils/pod-readiness.js';
import { claimPods, type ClaimPodsDeps } from './replicaset.claim-pods.js';
import { manageReplicas, type ManageReplicasDeps } from './replicaset.manage-replicas.js';
import { updateReplicaSetStatus, type UpdateStatusDeps } from './replicaset.update-status.js';
import { calculateStatus, nextAvailabilityCheckMs } from './replicaset-status.js';
import { replicaSetSpec } from './replicaset-spec.js';

export interface ReconcileReplicaSetDeps extends ClaimPodsDeps, ManageReplicasDeps, UpdateStatusDeps {
  /** From the informers. */
  readonly getReplicaSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  /** The namespace's pods whose controller reference names that uid. */
  readonly listOwnedPods: (namespace: string, ownerUid: string) => readonly KubeObject[];
  /** The namespace's pods without a controller. */
  readonly listOrphanPods: (namespace: string) => readonly KubeObject[];
  /** The revision the pod cache is current at. */
  readonly podsRevision: () => number;
}

/**
 * One ReplicaSet (upstream's `syncReplicaSet`): claims its active pods (adopting matching
 * orphans, releasing pods it no longer selects); unless it is being deleted, or its last writes
 * have not shown in the pod cache yet (the expectations), creates or deletes pods to make their
 * number `spec.replicas`; then writes the status if it changed. A failure to create or delete is
 * written to the status (`ReplicaFailure`) and then thrown, for the queue to retry with backoff.
 * Comes back once a ready pod passes `minReadySeconds`, and when pending expectations expire.
 */
export async function reconcileReplicaSet(key: string, deps: ReconcileReplicaSetDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const rs = deps.getReplicaSet(namespace, name);
  if (!rs) {
    deps.expectations.forget(key);
    return 'continue';
  }
  const requirements = labelSelectorRequirements(replicaSetSpec(rs).selector);
  if (requirements === null) {
    deps.log(`replicaset ${key}: its selector cannot be read; nothing done`);
    return 'continue';
  }
  const now = deps.now();
  const cache = { getPod: (pod: string) => deps.getPod(namespace, pod), revision: deps.podsRevision() };
  const needsSync = deps.expectations.satisfied(key, cache, now.getTime());

  const uid = rs.metadata?.uid ?? '';
  const active = filterActivePods([...deps.listOwnedPods(namespace, uid), ...deps.listOrphanPods(namespace)]);
  const pods = await claimPods(rs, (pod) => matchesLabels(requirements, labelsOf(pod)), active, deps);

  let manageError: unknown;
  if (needsSync && !isBeingDeleted(rs)) {
    try {
      await manageReplicas(key, rs, pods, deps);
    } catch (err) {
      manageError = err ?? new Error('managing the replicas failed');
    }
  }
  await updateReplicaSetStatus(rs, calculateStatus(rs, pods, manageError, deps.now()), deps);
  if (manageError !== undefined) throw manageError;

  const after = deps.now();
  const delays = [nextAvailabilityCheckMs(rs, pods, after), deps.expectations.expiresInMs(key, after.getTime())].filter((d): d is number => d !== undefined);
  return delays.length > 0 ? { requeueAfterMs: Math.min(...delays) } : 'continue';
}
