import { isAlreadyExists } from '@kubeledger/client';
import { rfc3339 } from '@kubeledger/api';
import { nodeConditions, nodeLabels, nodeStatus, type Node, type NodeInfo } from './node-status.js';

/** What registration needs of the API (the Node authorizer allows each for the kubelet's own Node). */
export interface RegisterNodeDeps {
  readonly info: NodeInfo;
  /** The pod CIDR to put on a Node that has none (node IPAM's, when it runs, is already there and wins). */
  readonly podCidr: string;
  getNode(name: string): Promise<Node | undefined>;
  createNode(node: Node): Promise<Node>;
  updateNode(node: Node): Promise<Node>;
  updateNodeStatus(node: Node): Promise<Node>;
  now(): Date;
}

/**
 * Registers the Node (upstream's registerWithAPIServer + the first status update): creates it with
 * the well-known labels and the pod CIDR, or, when it exists, adds missing labels and a pod CIDR
 * it lacks (a set spec.podCIDR is immutable and node IPAM's, so it is kept); then writes its
 * status. Resolves with the Node as stored; the pod CIDR to use is its `spec.podCIDR`.
 * Conflicts propagate: the caller retries the whole step (retryOnConflict).
 */
export async function registerNode(deps: RegisterNodeDeps): Promise<Node> {
  const name = deps.info.name;
  let node = await deps.getNode(name);
  if (!node) {
    try {
      node = await deps.createNode({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: nodeLabels(name) },
        spec: { podCIDR: deps.podCidr, podCIDRs: [deps.podCidr] },
      });
    } catch (err) {
      // Another incarnation of this kubelet got in first: read it and go on.
      if (!isAlreadyExists(err)) throw err;
      node = (await deps.getNode(name))!;
    }
  }
  const labels = { ...nodeLabels(name), ...node.metadata?.labels };
  const missingLabels = Object.keys(labels).length !== Object.keys(node.metadata?.labels ?? {}).length;
  if (missingLabels || !node.spec?.podCIDR) {
    node = await deps.updateNode({
      ...node,
      metadata: { ...node.metadata, labels },
      spec: { ...node.spec, ...(!node.spec?.podCIDR && { podCIDR: deps.podCidr, podCIDRs: [deps.podCidr] }) },
    });
  }
  return heartbeat(deps, node);
}

/** Writes the Node's status with fresh heartbeats (upstream's tryUpdateNodeStatus) on top of `node` as read. */
export function heartbeat(deps: Pick<RegisterNodeDeps, 'info' | 'updateNodeStatus' | 'now'>, node: Node): Promise<Node> {
  const status = nodeStatus(deps.info, nodeConditions(node), rfc3339(deps.now()));
  return deps.updateNodeStatus({ ...node, status: { ...node.status, ...status } });
}
