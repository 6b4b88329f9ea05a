import type { KubeObject } from '@kubeledger/api';
import { podPhase } from '../controller-utils/pod-readiness.js';
import { statusCount } from './replica-set-lists.js';

/**
 * Upstream's `oldPodsRunning`, what a Recreate rollout waits on before it scales the new
 * ReplicaSet up: an old ReplicaSet still reports pods, or one of the pods the old ReplicaSets own
 * (`podsByReplicaSet`: by the owner's uid) is not finished (Succeeded or Failed) — a pod being
 * deleted counts until it is gone.
 */
export function oldPodsRunning(oldRSs: readonly KubeObject[], podsByReplicaSet: ReadonlyMap<string, readonly KubeObject[]>): boolean {
  if (statusCount(oldRSs, 'replicas') > 0) return true;
  return oldRSs.some((rs) => (podsByReplicaSet.get(rs.metadata?.uid ?? '') ?? []).some((pod) => podPhase(pod) !== 'Succeeded' && podPhase(pod) !== 'Failed'));
}
