import type { KubeObject } from '@kubeledger/api';
import type { OwnerReference } from '../controller-utils/controller-ref.js';
import type { ObjectIdentity } from './dependency-graph.js';
import type { GcReadDeps } from './garbagecollector.deps.js';
import { deletingDependents } from './gc-finalizers.js';

/** An object's references sorted as upstream's `classifyReferences` does. */
export interface ClassifiedReferences {
  /** The owner exists and is not deleting its dependents. */
  readonly solid: readonly OwnerReference[];
  /** No owner with the reference's uid exists. */
  readonly dangling: readonly OwnerReference[];
  /** The owner exists, with deletionTimestamp and the `foregroundDeletion` finalizer. */
  readonly waitingForDependentsDeletion: readonly OwnerReference[];
}

/** A reference the garbage collector cannot check: the object is left alone. */
export interface UnresolvableReference {
  readonly unresolvable: string;
}

type Lookup = { readonly dangling: true } | { readonly dangling: false; readonly owner: KubeObject };

/**
 * Whether a reference of `item` dangles (upstream's `isDangling`): no owner of its kind and name
 * in the item's namespace (or cluster-wide, for a cluster-scoped kind), or one with another uid.
 * The informer's copy with the reference's uid is believed (a stale "present" only delays the
 * collection: the owner's delete event queues its dependents again); any other answer of the
 * cache is confirmed with a GET, so a lagging informer never gets a live object's dependents
 * deleted. Owners found absent are remembered ({@link AbsentOwnerCache}).
 */
export async function isDangling(item: ObjectIdentity, ref: OwnerReference, deps: GcReadDeps): Promise<Lookup | UnresolvableReference> {
  const resource = deps.resourceForKind(ref.apiVersion, ref.kind);
  if (!resource) return { unresolvable: `owner kind ${ref.kind} of ${ref.apiVersion} is not served` };
  // upstream's namespacedOwnerOfClusterScopedObjectErr: not valid, and no retry makes it so.
  if (resource.namespaced && item.namespace === '') return { unresolvable: `a cluster-scoped object cannot refer to the namespaced ${ref.kind} ${ref.name}` };
  const namespace = resource.namespaced ? item.namespace : '';
  if (deps.absentOwners.has(namespace, ref.uid)) return { dangling: true };
  const cached = deps.getCached(resource, namespace, ref.name);
  if (cached?.metadata?.uid === ref.uid) return { dangling: false, owner: cached };
  const live = await deps.getLive(resource, namespace, ref.name);
  if (live?.metadata?.uid !== ref.uid) {
    deps.absentOwners.add(namespace, ref.uid);
    return { dangling: true };
  }
  return { dangling: false, owner: live };
}

/** Sorts `refs` of `item` into solid, dangling and waiting ones; unresolvable when one of them cannot be checked. */
export async function classifyReferences(item: ObjectIdentity, refs: readonly OwnerReference[], deps: GcReadDeps): Promise<ClassifiedReferences | UnresolvableReference> {
  const solid: OwnerReference[] = [];
  const dangling: OwnerReference[] = [];
  const waitingForDependentsDeletion: OwnerReference[] = [];
  for (const ref of refs) {
    const lookup = await isDangling(item, ref, deps);
    if ('unresolvable' in lookup) return lookup;
    if (lookup.dangling) dangling.push(ref);
    else if (deletingDependents(lookup.owner)) waitingForDependentsDeletion.push(ref);
    else solid.push(ref);
  }
  return { solid, dangling, waitingForDependentsDeletion };
}
