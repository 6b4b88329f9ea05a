import { matchesRequiredNodeAffinity, untoleratedTaint, type KubeObject, type PlacementSpec, type Taint, type Toleration } from '@kubeledger/api';
import { withDaemonPodTolerations } from './daemon-pod-tolerations.js';
import { daemonSetSpec } from './daemonset-spec.js';

/** Whether a DaemonSet's pod belongs on a node. */
export interface NodeEligibility {
  /** A pod should be created there if there is none. */
  readonly shouldRun: boolean;
  /** A pod already there may stay (it tolerates every NoExecute taint). */
  readonly shouldContinueRunning: boolean;
}

const NO_SCHEDULE_OR_EXECUTE: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);
const NO_EXECUTE: ReadonlySet<string> = new Set(['NoExecute']);

/**
 * Upstream's `NodeShouldRunDaemonPod`, for the DaemonSet's pod with the daemon tolerations added:
 * a template naming another node, a `nodeSelector` or required node affinity the node does not
 * meet rule it out; a NoSchedule or NoExecute taint the pod does not tolerate keeps new pods off,
 * and one of NoExecute evicts those running. `spec.unschedulable` plays no part (daemon pods
 * tolerate the unschedulable taint).
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): NodeEligibility {
  const spec = withDaemonPodTolerations(daemonSetSpec(ds).template.spec ?? {}) as unknown as PlacementSpec & { tolerations: Toleration[] };
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = (((node['spec'] ?? {}) as { taints?: Taint[] }).taints ?? []);
  if (untoleratedTaint(taints, spec.tolerations, NO_SCHEDULE_OR_EXECUTE) === undefined) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: untoleratedTaint(taints, spec.tolerations, NO_EXECUTE) === undefined };
}
