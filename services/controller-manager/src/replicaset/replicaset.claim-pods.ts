import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted, newControllerRef } from '../controller-utils/controller-ref.js';
import { adoptionPatch, releasePatch } from '../controller-utils/owner-ref-patches.js';
import { planClaims } from '../controller-utils/plan-claims.js';
import { REPLICASET_KIND } from './replicaset-spec.js';

export interface ClaimPodsDeps {
  /** A strategic merge patch of a pod; resolves with the pod as stored. */
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The ReplicaSet as the apiserver has it now (not the cache). */
  readonly getFreshReplicaSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/**
 * Upstream's `claimPods` (`PodControllerRefManager.ClaimPods`): of the active pods the ReplicaSet
 * owns and the orphans of its namespace, returns those it owns once done. Orphans the selector
 * matches are adopted — after an uncached read of the ReplicaSet confirms it is the same one and
 * not being deleted (upstream's `RecheckDeletionTimestamp`, once per sync); owned pods it no longer
 * matches are released. A pod gone meanwhile is skipped; any other failure throws (all claims are
 * tried first), so nothing is scaled on a partial view.
 */
export async function claimPods(rs: KubeObject, matches: (pod: KubeObject) => boolean, pods: readonly KubeObject[], deps: ClaimPodsDeps): Promise<KubeObject[]> {
  const namespace = rs.metadata?.namespace ?? '';
  const name = rs.metadata?.name ?? '';
  const uid = rs.metadata?.uid ?? '';
  const plan = planClaims({ uid, namespace, deleting: isBeingDeleted(rs) }, matches, pods);
  const claimed = [...plan.claimed];
  const errors: unknown[] = [];
  let canAdopt: Promise<void> | undefined;
  for (const pod of plan.adopt) {
    try {
      await (canAdopt ??= recheck(rs, deps));
      claimed.push(await deps.patchPod(namespace, pod.metadata?.name ?? '', adoptionPatch(pod, newControllerRef(rs, REPLICASET_KIND))));
      deps.log(`replicaset ${namespace}/${name}: adopted pod ${pod.metadata?.name}`);
    } catch (err) {
      if (!deps.isNotFound(err)) errors.push(err);
    }
  }
  for (const pod of plan.release) {
    try {
      await deps.patchPod(namespace, pod.metadata?.name ?? '', releasePatch(pod, uid));
      deps.log(`replicaset ${namespace}/${name}: released pod ${pod.metadata?.name}`);
    } catch (err) {
      // Gone, or replaced by another pod of the same name (its uid no longer matches): nothing to release.
      if (!deps.isNotFound(err) && !deps.isInvalid(err)) errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
  return claimed;
}

async function recheck(rs: KubeObject, deps: ClaimPodsDeps): Promise<void> {
  const namespace = rs.metadata?.namespace ?? '';
  const name = rs.metadata?.name ?? '';
  const fresh = await deps.getFreshReplicaSet(namespace, name);
  if (fresh.metadata?.uid !== rs.metadata?.uid) throw new Error(`original ReplicaSet ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${rs.metadata?.uid}`);
  const deleted = fresh.metadata?.['deletionTimestamp'];
  if (deleted) throw new Error(`${namespace}/${name} has just been deleted at ${String(deleted)}`);
}
