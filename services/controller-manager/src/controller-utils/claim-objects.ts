import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted, newControllerRef, type OwnerKind } from './controller-ref.js';
import { adoptionPatch, releasePatch } from './owner-ref-patches.js';
import { planClaims } from './plan-claims.js';

/** What claiming needs: the patch of a dependent, an uncached read of the owner, and how errors read. */
export interface ClaimObjectsDeps {
  /** A strategic merge patch of a dependent; resolves with it as stored. */
  readonly patch: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The owner as the apiserver has it now (not the cache). */
  readonly getFreshOwner: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
  /** Finalizers an adopted dependent gets in the same patch (upstream's `PodControllerRefManager` finalizers: the Job's tracking one). */
  readonly adoptWithFinalizers?: readonly string[];
}

/**
 * Upstream's `ControllerRefManager.ClaimObject` loop (ClaimPods, ClaimReplicaSets): of the
 * candidates, those the owner owns once done. Orphans `matches` selects are adopted — after an
 * uncached read of the owner confirms it is the same one and not being deleted (upstream's
 * `RecheckDeletionTimestamp`, once per sync); owned ones it no longer matches are released. A
 * dependent gone (or replaced: its uid no longer matches) meanwhile is skipped; any other failure
 * throws, after every claim was tried, so nothing is decided on a partial view. `what` names the
 * dependents in the log (`pod`, `replica set`).
 */
export async function claimObjects(owner: KubeObject, ownerKind: OwnerKind, what: string, matches: (o: KubeObject) => boolean, candidates: readonly KubeObject[], deps: ClaimObjectsDeps): Promise<KubeObject[]> {
  const namespace = owner.metadata?.namespace ?? '';
  const name = owner.metadata?.name ?? '';
  const uid = owner.metadata?.uid ?? '';
  const who = `${ownerKind.kind.toLowerCase()} ${namespace}/${name}`;
  const plan = planClaims({ uid, namespace, deleting: isBeingDeleted(owner) }, matches, candidates);
  const claimed = [...plan.claimed];
  const errors: unknown[] = [];
  let canAdopt: Promise<void> | undefined;
  for (const o of plan.adopt) {
    try {
      await (canAdopt ??= recheck(owner, ownerKind, deps));
      claimed.push(await deps.patch(namespace, o.metadata?.name ?? '', adoptionPatch(o, newControllerRef(owner, ownerKind), deps.adoptWithFinalizers)));
      deps.log(`${who}: adopted ${what} ${o.metadata?.name}`);
    } catch (err) {
      if (!deps.isNotFound(err)) errors.push(err);
    }
  }
  for (const o of plan.release) {
    try {
      await deps.patch(namespace, o.metadata?.name ?? '', releasePatch(o, uid));
      deps.log(`${who}: released ${what} ${o.metadata?.name}`);
    } catch (err) {
      if (!deps.isNotFound(err) && !deps.isInvalid(err)) errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
  return claimed;
}

async function recheck(owner: KubeObject, ownerKind: OwnerKind, deps: ClaimObjectsDeps): Promise<void> {
  const namespace = owner.metadata?.namespace ?? '';
  const name = owner.metadata?.name ?? '';
  const fresh = await deps.getFreshOwner(namespace, name);
  if (fresh.metadata?.uid !== owner.metadata?.uid) throw new Error(`original ${ownerKind.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${owner.metadata?.uid}`);
  const deleted = fresh.metadata?.['deletionTimestamp'];
  if (deleted) throw new Error(`${namespace}/${name} has just been deleted at ${String(deleted)}`);
}
