import type { KubeObject } from '@kubeledger/api';
import { refName } from '@kubeledger/client';
import { ownerReferencesOf, type OwnerReference } from '../controller-utils/controller-ref.js';
import type { GcResource } from './gc-resources.js';
import { beingDeleted, deletingDependents, orphaningDependents } from './gc-finalizers.js';

/** Which object a node is (upstream's `objectReference`): enough to GET, patch and delete it. */
export interface ObjectIdentity {
  readonly resource: GcResource;
  /** `''` for a cluster-scoped object. */
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/** `replicasets.apps default/web-1 (uid)`: an identity in log lines. */
export function describeIdentity({ resource, namespace, name, uid }: ObjectIdentity): string {
  return `${refName(resource)} ${namespace ? `${namespace}/` : ''}${name} (${uid})`;
}

/** An observed object as the graph keeps it (upstream's `node`, without virtual nodes: only what an informer holds). */
export interface GraphNode {
  readonly identity: ObjectIdentity;
  readonly owners: readonly OwnerReference[];
  readonly beingDeleted: boolean;
  /** deletionTimestamp and the `foregroundDeletion` finalizer. */
  readonly deletingDependents: boolean;
  /** deletionTimestamp and the `orphan` finalizer. */
  readonly orphaningDependents: boolean;
}

/** The node of an object of `resource`; undefined for an object without a uid (never stored by the apiserver). */
export function graphNodeOf(resource: GcResource, object: KubeObject): GraphNode | undefined {
  const uid = object.metadata?.uid;
  if (!uid) return undefined;
  return {
    identity: { resource, namespace: resource.namespaced ? (object.metadata?.namespace ?? '') : '', name: object.metadata?.name ?? '', uid },
    owners: ownerReferencesOf(object),
    beingDeleted: beingDeleted(object),
    deletingDependents: deletingDependents(object),
    orphaningDependents: orphaningDependents(object),
  };
}

/** Whether `dependent`'s reference to `ownerUid` has blockOwnerDeletion (a foreground deletion of the owner waits for it). */
export const blocksOwner = (dependent: GraphNode, ownerUid: string): boolean => dependent.owners.some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);

/**
 * The dependency graph (upstream's GraphBuilder `uidToNode` and each node's `dependents`): every
 * object the informers hold, by uid, across resources, and the reverse index owner uid →
 * dependents. The reverse index follows the dependents' references only, so the dependents of an
 * owner that is not (or no longer) observed are there too.
 */
export class DependencyGraph {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  has(uid: string): boolean {
    return this.#nodes.has(uid);
  }

  get size(): number {
    return this.#nodes.size;
  }

  nodes(): IterableIterator<GraphNode> {
    return this.#nodes.values();
  }

  /** Adds or replaces the node at its uid; answers the node it replaced. */
  set(node: GraphNode): GraphNode | undefined {
    const { uid } = node.identity;
    const previous = this.#nodes.get(uid);
    if (previous) this.#unlink(previous);
    this.#nodes.set(uid, node);
    for (const owner of node.owners) {
      let dependents = this.#dependents.get(owner.uid);
      if (!dependents) this.#dependents.set(owner.uid, (dependents = new Set()));
      dependents.add(uid);
    }
    return previous;
  }

  /** Removes the node at `uid`; answers it (undefined: there was none). */
  delete(uid: string): GraphNode | undefined {
    const node = this.#nodes.get(uid);
    if (!node) return undefined;
    this.#unlink(node);
    this.#nodes.delete(uid);
    return node;
  }

  /** The observed objects that reference `ownerUid`. */
  dependentsOf(ownerUid: string): GraphNode[] {
    return [...(this.#dependents.get(ownerUid) ?? [])].map((uid) => this.#nodes.get(uid)!);
  }

  /** The dependents whose reference to `ownerUid` has blockOwnerDeletion (upstream's `blockingDependents`). */
  blockingDependentsOf(ownerUid: string): GraphNode[] {
    return this.dependentsOf(ownerUid).filter((d) => blocksOwner(d, ownerUid));
  }

  #unlink(node: GraphNode): void {
    for (const owner of node.owners) {
      const dependents = this.#dependents.get(owner.uid);
      dependents?.delete(node.identity.uid);
      if (dependents?.size === 0) this.#dependents.delete(owner.uid);
    }
  }
}
