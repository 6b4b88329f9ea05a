import type { KubeObject } from '@kubeledger/api';
import { nodeInfos, type NodeInfo } from '../framework/node-info.js';
import { podKey } from '../pod-key.js';

/**
 * The cluster as one scheduling cycle sees it (upstream's Snapshot): every node, with the pods the
 * informer shows bound to it plus the pods this scheduler assumed onto it. An assumed pod replaces
 * the informer's copy of the same pod (which may still show it unbound).
 */
export function snapshot(nodes: readonly KubeObject[], pods: readonly KubeObject[], assumed: ReadonlyMap<string, KubeObject>): NodeInfo[] {
  const placed: KubeObject[] = [];
  for (const pod of pods) {
    if (assumed.has(podKey(pod))) continue;
    if (((pod['spec'] ?? {}) as { nodeName?: string }).nodeName) placed.push(pod);
  }
  placed.push(...assumed.values());
  return nodeInfos(nodes, placed);
}
