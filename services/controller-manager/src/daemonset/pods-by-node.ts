import type { KubeObject } from '@kubeledger/api';
import { podPhase } from '../controller-utils/pod-readiness.js';
import { targetNodeName } from './daemon-pod.js';

/**
 * Upstream's `getNodesToDaemonPods` after the claim: the DaemonSet's pods by the node they are
 * for. Pods both finished and being deleted are left out, as are pods naming no node.
 */
export function podsByNode(pods: readonly KubeObject[]): Map<string, KubeObject[]> {
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const phase = podPhase(pod);
    if ((phase === 'Succeeded' || phase === 'Failed') && pod.metadata?.['deletionTimestamp']) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  return byNode;
}

const created = (pod: KubeObject) => Date.parse(String(pod.metadata?.['creationTimestamp'] ?? '')) || 0;
const bound = (pod: KubeObject) => Boolean((pod['spec'] as { nodeName?: string } | undefined)?.nodeName);

/** Upstream's `podByCreationTimestampAndPhase`: bound pods first, then the oldest, then by name. */
export function byCreationAndPhase(a: KubeObject, b: KubeObject): number {
  if (bound(a) !== bound(b)) return bound(a) ? -1 : 1;
  const diff = created(a) - created(b);
  if (diff !== 0) return diff;
  const [na, nb] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return na < nb ? -1 : na > nb ? 1 : 0;
}
