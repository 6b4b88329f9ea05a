import type { KubeObject } from '@kubeledger/api';

interface PodCondition {
  readonly type?: string;
  readonly status?: string;
  readonly lastTransitionTime?: string;
}

const statusOf = (pod: KubeObject) => (pod['status'] ?? {}) as { phase?: string; conditions?: readonly PodCondition[] };

/** A pod's `status.phase` ('' when unset). */
export const podPhase = (pod: KubeObject): string => statusOf(pod).phase ?? '';

/** podutil.IsPodReady: the `Ready` condition is `True`. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When a ready pod last turned ready (its Ready condition's lastTransitionTime), in ms; undefined when not ready or unknown. */
export function podReadySince(pod: KubeObject): number | undefined {
  const condition = readyCondition(pod);
  if (condition?.status !== 'True' || !condition.lastTransitionTime) return undefined;
  const at = Date.parse(condition.lastTransitionTime);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * podutil.IsPodAvailable: ready, and — with `minReadySeconds` — ready for longer than that
 * (strictly) at `now`. A ready pod without a transition time is available only when
 * `minReadySeconds` is 0.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now.getTime();
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.['deletionTimestamp'];
}

/** controller.FilterActivePods. */
export const filterActivePods = <T extends KubeObject>(pods: readonly T[]): T[] => pods.filter(isPodActive);

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return statusOf(pod).conditions?.find((c) => c.type === 'Ready');
}
