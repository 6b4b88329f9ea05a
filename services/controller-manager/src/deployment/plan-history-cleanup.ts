import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted } from '../controller-utils/controller-ref.js';
import { generationOf, MAX_INT32 } from './deployment-spec.js';
import { replicaSetStatus, specReplicas } from './replica-set-fields.js';
import { byRevision } from './revision-annotations.js';

/**
 * Upstream's `cleanupDeployment`: the old ReplicaSets to delete so at most `revisionHistoryLimit`
 * remain (undefined or the int32 maximum: keep all) — the lowest revisions first, and only those
 * fully scaled down: no replicas asked for or running, their latest spec observed by the
 * ReplicaSet controller, not already being deleted. A ReplicaSet still winding down is passed over
 * (not replaced by a newer one), so the count may stay above the limit for a while.
 */
export function planHistoryCleanup(oldRSs: readonly KubeObject[], revisionHistoryLimit: number | undefined): KubeObject[] {
  if (revisionHistoryLimit === undefined || revisionHistoryLimit === MAX_INT32) return [];
  const cleanable = oldRSs.filter((rs) => !isBeingDeleted(rs));
  const excess = cleanable.length - revisionHistoryLimit;
  if (excess <= 0) return [];
  return [...cleanable]
    .sort(byRevision)
    .slice(0, excess)
    .filter((rs) => {
      const status = replicaSetStatus(rs);
      return status.replicas === 0 && specReplicas(rs) === 0 && generationOf(rs) <= status.observedGeneration;
    });
}
