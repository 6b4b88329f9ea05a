import type { KubeObject } from '@kubeledger/api';
import { isPodAvailable } from '../controller-utils/pod-readiness.js';
import { scaledValue } from '../deployment/rollout-limits.js';
import { isPodUpdated } from './daemon-pod.js';
import { daemonSetSpec, templateGenerationOf } from './daemonset-spec.js';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';

/** The writes of one rolling-update step. */
export interface RollingUpdatePlan {
  readonly podsToDelete: KubeObject[];
  readonly nodesNeedingPods: string[];
}

/**
 * Upstream's `updatedDesiredNodeCounts`: the nodes that should run a pod (each counted, even
 * without a pod yet), and maxSurge and maxUnavailable scaled on their number (rounded up); when
 * both come to 0 a pod may be unavailable, so the update can move.
 */
export function desiredNodeCounts(ds: KubeObject, nodes: readonly KubeObject[]): { readonly desired: string[]; readonly maxSurge: number; readonly maxUnavailable: number } {
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).map((n) => n.metadata?.name ?? '');
  const { type, maxSurge: surge, maxUnavailable: unavailable } = daemonSetSpec(ds).updateStrategy;
  const rolling = type === 'RollingUpdate';
  const maxSurge = rolling ? scaledValue(surge, desired.length, true) : 0;
  let maxUnavailable = rolling ? scaledValue(unavailable, desired.length, true) : 0;
  if (desired.length > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { desired, maxSurge, maxUnavailable };
}

/**
 * Upstream's `findUpdatedPodsOnNode`: the node's live new and old pod; `ok` false when it has two
 * of either (the manage loop prunes them first).
 */
function updatedPodsOnNode(pods: readonly KubeObject[], hash: string, generation: number | undefined): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata?.['deletionTimestamp']) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod && { newPod }), ...(oldPod && { oldPod }), ok: true };
}

/**
 * Upstream's `rollingUpdate`. Without surge: old pods are deleted (the manage loop then creates
 * their replacements) while fewer than maxUnavailable nodes are unavailable — a node with no pod,
 * an unavailable new pod, or old and new both counts; unavailable old pods are replaced at once.
 * With surge: a new pod is created beside an old one on up to maxSurge nodes (at once where the old
 * one is unavailable), and the old one deleted once the new one is available; old pods on nodes
 * that should no longer run one go once enough pods elsewhere are available.
 */
export function planRollingUpdate(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, readonly KubeObject[]>, hash: string, now: Date): RollingUpdatePlan {
  const { desired, maxSurge, maxUnavailable } = desiredNodeCounts(ds, nodes);
  const { minReadySeconds } = daemonSetSpec(ds);
  const generation = templateGenerationOf(ds);
  const available = (pod: KubeObject) => isPodAvailable(pod, minReadySeconds, now);
  const perNode = new Map<string, readonly KubeObject[]>(byNode);
  for (const name of desired) if (!perNode.has(name)) perNode.set(name, []);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const pods of perNode.values()) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(pods, hash, generation);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        replacements.push(oldPod);
        numUnavailable++;
      } else if (oldPod && numUnavailable < maxUnavailable) {
        candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, remaining)], nodesNeedingPods: [] };
  }

  const podsToDelete: KubeObject[] = [];
  const shouldNotRun: KubeObject[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  const nodeByName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  const shouldRun = (name: string) => {
    const node = nodeByName.get(name);
    return node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };
  for (const [nodeName, pods] of perNode) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(pods, hash, generation);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(nodeName)) podsToDelete.push(oldPod);
        else allowedNodes.push(nodeName);
      } else if (!shouldRun(nodeName)) {
        shouldNotRun.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidateNodes.push(nodeName);
      }
      continue;
    }
    if (!available(newPod)) numSurge++;
    else podsToDelete.push(oldPod);
  }
  // With surge the owner expects full availability: a pod on a node left behind goes only once as many are available elsewhere.
  const deletable = Math.min(Math.max(0, numAvailable - desired.length), shouldNotRun.length);
  podsToDelete.push(...shouldNotRun.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { podsToDelete, nodesNeedingPods: [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)] };
}
