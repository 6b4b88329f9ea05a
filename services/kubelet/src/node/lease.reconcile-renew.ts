import { isNotFound } from '@kubeledger/client';
import { type KubeObject, rfc3339Micro } from '@kubeledger/api';
import type { Node } from './node-status.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; [field: string]: unknown };
}

export interface RenewLeaseDeps {
  readonly nodeName: string;
  readonly leaseDurationSeconds: number;
  getLease(name: string): Promise<Lease | undefined>;
  createLease(lease: Lease): Promise<Lease>;
  updateLease(lease: Lease): Promise<Lease>;
  now(): Date;
}


/**
 * Renews the node's Lease in kube-node-lease (upstream's nodelease controller): updates
 * renewTime on the Lease last written (`last`, so a renewal is one request), reading it first
 * when there is none; creates it, owned by the Node, when it does not exist. A conflict (someone
 * else wrote it) propagates: the caller drops `last` and renews again.
 */
export async function renewLease(deps: RenewLeaseDeps, node: Pick<Node, 'metadata'>, last: Lease | undefined): Promise<Lease> {
  const now = rfc3339Micro(deps.now());
  const current = last ?? (await deps.getLease(deps.nodeName));
  const spec = { holderIdentity: deps.nodeName, leaseDurationSeconds: deps.leaseDurationSeconds, renewTime: now };
  if (current) {
    try {
      return await deps.updateLease({ ...current, spec: { ...current.spec, ...spec } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return deps.createLease({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: deps.nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: deps.nodeName, uid: node.metadata?.uid ?? '' }],
    },
    spec,
  });
}
