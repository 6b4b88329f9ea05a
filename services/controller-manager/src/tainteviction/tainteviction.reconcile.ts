import type { KubeObject, Taint } from '@kubeledger/api';
import type { EventType, StepResult } from '@kubeledger/client';
import { taintsOf, tolerationsOf } from '../controller-utils/taints.js';
import { noExecuteTaints, planPodEviction, type ScheduledEviction } from './plan-pod-eviction.js';

export interface ReconcileTaintEvictionDeps {
  readonly getNode: (name: string) => KubeObject | undefined;
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  readonly podsOnNode: (nodeName: string) => readonly KubeObject[];
  readonly evictions: {
    get(key: string): ScheduledEviction | undefined;
    done(key: string): boolean;
    schedule(key: string, eviction: ScheduledEviction): void;
    cancel(key: string): boolean;
  };
  readonly event: (object: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly now: () => Date;
}

/** A pod's key in the evictions: `<namespace>/<name>`. */
export const podKey = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

const podRef = (key: string): KubeObject => {
  const [namespace, name] = key.split('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
};

/** cancelWorkWithEvent: drops the pod's pending eviction, saying so. */
function cancel(key: string, deps: ReconcileTaintEvictionDeps): void {
  if (deps.evictions.cancel(key)) deps.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
}

/** One pod on a node with NoExecute `taints`: its eviction scheduled, moved, kept or cancelled. */
function processPodOnNode(pod: KubeObject, taints: readonly Taint[], deps: ReconcileTaintEvictionDeps): void {
  const key = podKey(pod.metadata?.namespace, pod.metadata?.name);
  if (taints.length === 0) return cancel(key, deps);
  // Evicted already: nothing more until the pod is gone or the taints are.
  if (deps.evictions.done(key)) return;
  const created = Date.parse((pod.metadata?.creationTimestamp as string | undefined) ?? '');
  const plan = planPodEviction({ tolerations: tolerationsOf(pod), createdAt: Number.isNaN(created) ? undefined : created }, taints, deps.evictions.get(key), deps.now().getTime());
  switch (plan.action) {
    case 'keep':
      return;
    case 'cancel':
      return cancel(key, deps);
    case 'schedule':
      return deps.evictions.schedule(key, plan.eviction);
    default: {
      const never: never = plan;
      return never;
    }
  }
}

/**
 * handleNodeUpdate: the NoExecute taints of a node changed; each of its pods is reconsidered (all
 * evictions cancelled when it has none left, or is gone).
 */
export async function reconcileNode(name: string, deps: ReconcileTaintEvictionDeps): Promise<StepResult> {
  const taints = noExecuteTaints(taintsOf(deps.getNode(name)));
  for (const pod of deps.podsOnNode(name)) processPodOnNode(pod, taints, deps);
  return 'continue';
}

/**
 * handlePodUpdate: a pod was bound, changed its tolerations, or is gone (its eviction cancelled);
 * on a node with NoExecute taints it is considered.
 */
export async function reconcilePod(key: string, deps: ReconcileTaintEvictionDeps): Promise<StepResult> {
  const slash = key.indexOf('/');
  const pod = deps.getPod(key.slice(0, slash), key.slice(slash + 1));
  if (!pod) {
    cancel(key, deps);
    return 'continue';
  }
  const nodeName = (pod['spec'] as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) return 'continue';
  const taints = noExecuteTaints(taintsOf(deps.getNode(nodeName)));
  if (taints.length > 0) processPodOnNode(pod, taints, deps);
  return 'continue';
}
