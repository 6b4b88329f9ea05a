import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted, newControllerRef } from '../controller-utils/controller-ref.js';
import { adoptionPatch, releasePatch } from '../controller-utils/owner-ref-patches.js';
import { planClaims } from '../controller-utils/plan-claims.js';
import { DEPLOYMENT_KIND } from './deployment-spec.js';

export interface ClaimReplicaSetsDeps {
  /** A strategic merge patch of a ReplicaSet; resolves with it as stored. */
  readonly patchReplicaSet: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The Deployment as the apiserver has it now (not the cache). */
  readonly getFreshDeployment: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/**
 * Upstream's `getReplicaSetsForDeployment` (`ReplicaSetControllerRefManager.ClaimReplicaSets`): of
 * the namespace's ReplicaSets, those the Deployment owns once done. Orphans its selector matches
 * are adopted — after an uncached read of the Deployment confirms it is the same one and not being
 * deleted (upstream's `RecheckDeletionTimestamp`); owned ones it no longer matches are released. A
 * ReplicaSet gone (or replaced) meanwhile is skipped; any other failure throws, after every claim
 * was tried, so nothing is decided on a partial view.
 */
export async function claimReplicaSets(d: KubeObject, matches: (rs: KubeObject) => boolean, replicaSets: readonly KubeObject[], deps: ClaimReplicaSetsDeps): Promise<KubeObject[]> {
  const namespace = d.metadata?.namespace ?? '';
  const name = d.metadata?.name ?? '';
  const uid = d.metadata?.uid ?? '';
  const plan = planClaims({ uid, namespace, deleting: isBeingDeleted(d) }, matches, replicaSets);
  const claimed = [...plan.claimed];
  const errors: unknown[] = [];
  let canAdopt: Promise<void> | undefined;
  for (const rs of plan.adopt) {
    try {
      await (canAdopt ??= recheck(d, deps));
      claimed.push(await deps.patchReplicaSet(namespace, rs.metadata?.name ?? '', adoptionPatch(rs, newControllerRef(d, DEPLOYMENT_KIND))));
      deps.log(`deployment ${namespace}/${name}: adopted replica set ${rs.metadata?.name}`);
    } catch (err) {
      if (!deps.isNotFound(err)) errors.push(err);
    }
  }
  for (const rs of plan.release) {
    try {
      await deps.patchReplicaSet(namespace, rs.metadata?.name ?? '', releasePatch(rs, uid));
      deps.log(`deployment ${namespace}/${name}: released replica set ${rs.metadata?.name}`);
    } catch (err) {
      if (!deps.isNotFound(err) && !deps.isInvalid(err)) errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
  return claimed;
}

async function recheck(d: KubeObject, deps: ClaimReplicaSetsDeps): Promise<void> {
  const namespace = d.metadata?.namespace ?? '';
  const name = d.metadata?.name ?? '';
  const fresh = await deps.getFreshDeployment(namespace, name);
  if (fresh.metadata?.uid !== d.metadata?.uid) throw new Error(`original Deployment ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${d.metadata?.uid}`);
  const deleted = fresh.metadata?.['deletionTimestamp'];
  if (deleted) throw new Error(`${namespace}/${name} has just been deleted at ${String(deleted)}`);
}
