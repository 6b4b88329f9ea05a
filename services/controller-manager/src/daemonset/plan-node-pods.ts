import type { KubeObject } from '@kubeledger/api';
import { podPhase } from '../controller-utils/pod-readiness.js';
import { daemonSetSpec, REVISION_HASH_LABEL } from './daemonset-spec.js';
import type { FailedPodsBackoff } from './failed-pods-backoff.js';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';
import { byCreationAndPhase } from './pods-by-node.js';

/** What the manage loop writes. */
export interface NodePodsPlan {
  /** Nodes that should run a pod and have none. */
  readonly nodesNeedingPods: string[];
  readonly podsToDelete: KubeObject[];
  /** Failed pods about to be deleted (a `FailedDaemonPod` event each). */
  readonly failedPods: { readonly pod: KubeObject; readonly node: string }[];
  /** When a failed pod waits out its backoff: a sync then. */
  readonly requeueAfterMs?: number;
}

/** util.AllowsSurge: a rolling update whose maxSurge is not 0. */
export function allowsSurge(ds: KubeObject): boolean {
  const { type, maxSurge } = daemonSetSpec(ds).updateStrategy;
  return type === 'RollingUpdate' && maxSurge !== 0 && maxSurge !== '0%';
}

export const failedPodsBackoffKey = (ds: KubeObject, node: string) => `${ds.metadata?.uid ?? ''}/${node}`;

/**
 * Upstream's `manage` decisions (`podsShouldBeOnNode` per node, then
 * `getUnscheduledPodsWithoutNode`): a pod is wanted on each node that should run one and has none;
 * on a node where pods may stay, finished pods go (a failed one only once its node's backoff
 * allows, so a kubelet rejecting pods is not fought in a hot loop) and extra running ones go —
 * all but the oldest, or with surge all but the oldest new and the oldest old; on a node where
 * they may not stay, every pod goes; and unbound pods for nodes that no longer exist go.
 */
export function planNodePods(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, readonly KubeObject[]>, hash: string, backoff: FailedPodsBackoff, now: number): NodePodsPlan {
  const nodesNeedingPods: string[] = [];
  const podsToDelete: KubeObject[] = [];
  const failedPods: { pod: KubeObject; node: string }[] = [];
  let requeueAfterMs: number | undefined;
  const surge = allowsSurge(ds);
  for (const node of nodes) {
    const nodeName = node.metadata?.name ?? '';
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(nodeName);
    if (shouldRun && !pods) {
      nodesNeedingPods.push(nodeName);
    } else if (shouldContinueRunning) {
      const running: KubeObject[] = [];
      for (const pod of pods ?? []) {
        if (pod.metadata?.['deletionTimestamp']) continue;
        const phase = podPhase(pod);
        if (phase === 'Failed') {
          const key = failedPodsBackoffKey(ds, nodeName);
          if (backoff.inBackoff(key, now)) {
            const delay = backoff.delayMs(key);
            requeueAfterMs = requeueAfterMs === undefined ? delay : Math.min(requeueAfterMs, delay);
            continue;
          }
          backoff.next(key, now);
          failedPods.push({ pod, node: nodeName });
          podsToDelete.push(pod);
        } else if (phase === 'Succeeded') {
          podsToDelete.push(pod);
        } else {
          running.push(pod);
        }
      }
      if (running.length <= 1) continue;
      running.sort(byCreationAndPhase);
      if (!surge) {
        podsToDelete.push(...running.slice(1));
        continue;
      }
      let oldestNew: KubeObject | undefined;
      let oldestOld: KubeObject | undefined;
      for (const pod of running) {
        const isNew = pod.metadata?.labels?.[REVISION_HASH_LABEL] === hash;
        if (isNew && !oldestNew) oldestNew = pod;
        else if (!isNew && !oldestOld) oldestOld = pod;
        else podsToDelete.push(pod);
      }
    } else if (pods) {
      podsToDelete.push(...pods.filter((p) => !p.metadata?.['deletionTimestamp']));
    }
  }
  const known = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  for (const [nodeName, pods] of byNode) {
    if (known.has(nodeName)) continue;
    podsToDelete.push(...pods.filter((p) => !(p['spec'] as { nodeName?: string } | undefined)?.nodeName));
  }
  return { nodesNeedingPods, podsToDelete, failedPods, ...(requeueAfterMs !== undefined && { requeueAfterMs }) };
}
