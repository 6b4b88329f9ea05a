import type { KubeObject } from '@kubeledger/api';
import { nodeInfo, type NodeInfo } from '../framework/node-info.js';
import type { NodeUsage } from '../framework/node-usage.js';
import { addRequests, NO_REQUESTS, podRequests, type Requests } from '../framework/pod-resources.js';
import { isTerminal, nodeNameOf } from '../pod-predicates.js';

/**
 * The cluster as one scheduling cycle sees it (upstream's Snapshot): every node, with what the
 * pods the informer shows bound to it use (`usage`, kept up to date from the informer) plus the
 * pods this scheduler assumed onto it. An assumed pod replaces the informer's copy of the same pod
 * (which may still show it unbound). Costs the nodes and the assumed pods, not every pod.
 */
export function snapshot(nodes: readonly KubeObject[], usage: NodeUsage, assumed: ReadonlyMap<string, KubeObject>): NodeInfo[] {
  const shifts = new Map<string, { requested: Requests; podCount: number }>();
  const shift = (node: string, requested: Requests, sign: 1 | -1) => {
    const entry = shifts.get(node) ?? { requested: NO_REQUESTS, podCount: 0 };
    entry.requested = addRequests(entry.requested, requested, sign);
    entry.podCount += sign;
    shifts.set(node, entry);
  };
  for (const [key, pod] of assumed) {
    const counted = usage.placed(key);
    if (counted) shift(counted.node, counted.requested, -1);
    if (nodeNameOf(pod) && !isTerminal(pod)) shift(nodeNameOf(pod), podRequests(pod), 1);
  }
  return nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    const used = usage.node(name);
    const delta = shifts.get(name);
    if (!delta) return nodeInfo(node, used);
    return nodeInfo(node, { requested: addRequests(used.requested, delta.requested), podCount: used.podCount + delta.podCount });
  });
}
