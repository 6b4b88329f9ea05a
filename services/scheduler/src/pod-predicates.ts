import type { KubeObject } from '@kubeledger/api';

interface PodFields {
  spec?: { nodeName?: string; schedulerName?: string; schedulingGates?: unknown[] };
  status?: { phase?: string };
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
const TERMINAL = new Set(['Succeeded', 'Failed']);

const fields = (pod: KubeObject) => pod as PodFields;

export const nodeNameOf = (pod: KubeObject): string => fields(pod).spec?.nodeName ?? '';

export const isTerminal = (pod: KubeObject): boolean => TERMINAL.has(fields(pod).status?.phase ?? '');

/** `spec.schedulerName` names this scheduler (an unset one means the default scheduler, as the API defaults it). */
export const isResponsible = (pod: KubeObject, schedulerName: string): boolean => (fields(pod).spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === schedulerName;

/**
 * Whether the pod waits for this scheduler: not bound, ours, not being deleted, not finished, and
 * without scheduling gates (upstream leaves gated pods out of the active queue).
 */
export function needsScheduling(pod: KubeObject, schedulerName: string): boolean {
  const spec = fields(pod).spec ?? {};
  return !spec.nodeName && isResponsible(pod, schedulerName) && !pod.metadata?.['deletionTimestamp'] && !isTerminal(pod) && !(spec.schedulingGates?.length);
}

/**
 * Whether an update may change where the pod fits (upstream's isPodUpdated): anything but the
 * status and the bookkeeping metadata the server moves on every write.
 */
export function podSpecChanged(oldPod: KubeObject, newPod: KubeObject): boolean {
  const strip = (pod: KubeObject) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = (pod.metadata ?? {}) as Record<string, unknown>;
    return JSON.stringify([meta, pod['spec']]);
  };
  return strip(oldPod) !== strip(newPod);
}

interface NodeFields {
  metadata?: { labels?: unknown };
  spec?: { unschedulable?: boolean; taints?: unknown };
  status?: { allocatable?: unknown; conditions?: Array<{ type: string; status: string }> };
}

/** What the filters read of a node, without the heartbeat timestamps a kubelet moves every few seconds. */
function schedulingView(node: KubeObject): string {
  const n = node as NodeFields;
  return JSON.stringify([
    n.metadata?.labels ?? {},
    n.spec?.unschedulable ?? false,
    n.spec?.taints ?? [],
    n.status?.allocatable ?? {},
    (n.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status ?? '',
  ]);
}

/** A node update that may let a parked pod fit (uncordoned, relabelled, taints, allocatable, readiness). */
export const nodeSchedulingChanged = (oldNode: KubeObject, newNode: KubeObject): boolean => schedulingView(oldNode) !== schedulingView(newNode);
