import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import type { PodCidrAllocator } from './pod-cidr-allocator.js';

export interface ReconcileNodeDeps {
  readonly getNode: (name: string) => KubeObject | undefined;
  readonly allocator: Pick<PodCidrAllocator, 'allocate' | 'occupy' | 'release'>;
  /** CIDRs handed out and written, not yet seen on the node in the cache (node name → CIDR). */
  readonly pending: Map<string, string>;
  /** Merge-patches spec.podCIDR/podCIDRs, conditional on the node's resourceVersion. */
  readonly patchPodCidr: (node: KubeObject, cidr: string) => Promise<void>;
  readonly event: (node: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** A node's pod CIDRs as the cache shows them. */
export function podCidrsOf(node: KubeObject | undefined): string[] {
  const spec = (node?.['spec'] ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
  return spec.podCIDRs?.length ? spec.podCIDRs : spec.podCIDR ? [spec.podCIDR] : [];
}

/**
 * Node IPAM for one node (upstream's range allocator, `AllocateOrOccupyCIDR`): a node that has a
 * pod CIDR keeps it (occupied when it is one of the range's; one outside the range is left alone);
 * a node without one gets the first free subnet, written with a merge patch of `spec.podCIDR` and
 * `spec.podCIDRs` (conditional on its resourceVersion, so a CIDR the kubelet set meanwhile is never
 * overwritten: 409, the subnet is released, `requeue`). A full range records `CIDRNotAvailable`
 * and retries later.
 */
export async function reconcileNode(name: string, deps: ReconcileNodeDeps): Promise<StepResult> {
  const node = deps.getNode(name);
  if (!node) return 'continue';
  const cidrs = podCidrsOf(node);
  if (cidrs.length > 0) {
    deps.pending.delete(name);
    for (const cidr of cidrs) if (!deps.allocator.occupy(cidr)) deps.log(`node ${name}: pod CIDR ${cidr} is not a subnet of the cluster CIDR, left alone`);
    return 'continue';
  }
  if (deps.pending.has(name)) return 'continue'; // written; the node's update event brings it back
  if (node.metadata?.['deletionTimestamp']) return 'continue';
  const cidr = deps.allocator.allocate();
  if (cidr === undefined) {
    deps.event(node, 'Warning', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
    deps.log(`node ${name}: no pod CIDR left in the cluster CIDR`);
    return 'requeue';
  }
  try {
    await deps.patchPodCidr(node, cidr);
  } catch (err) {
    deps.allocator.release(cidr);
    if (deps.isNotFound(err)) return 'continue';
    if (deps.isConflict(err)) return 'requeue';
    throw err;
  }
  deps.pending.set(name, cidr);
  deps.log(`node ${name}: pod CIDR ${cidr}`);
  return 'continue';
}
