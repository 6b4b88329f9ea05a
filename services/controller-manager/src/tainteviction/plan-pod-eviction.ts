import type { Taint, Toleration } from '@kubeledger/api';
import { matchingTolerations } from '../controller-utils/taints.js';

/** An eviction scheduled for a pod: counted from `createdAt`, due at `fireAt` (ms). */
export interface ScheduledEviction {
  readonly createdAt: number;
  readonly fireAt: number;
}

export type EvictionPlan =
  /** Nothing to do, or keep what is scheduled. */
  | { readonly action: 'keep' }
  | { readonly action: 'cancel' }
  | { readonly action: 'schedule'; readonly eviction: ScheduledEviction };

/** The node's NoExecute taints (getNoExecuteTaints). */
export const noExecuteTaints = (taints: readonly Taint[]): Taint[] => taints.filter((t) => t.effect === 'NoExecute');

/**
 * getMinTolerationTime, in ms: the shortest `tolerationSeconds` of the tolerations used (0 for a
 * zero or negative one, and when none is used); -1 when none of them has a limit (forever).
 */
export function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}

export interface PodOnNode {
  readonly tolerations: readonly Toleration[];
  /** When the pod was created (ms), if known: a pod bound after the taint counts from then. */
  readonly createdAt?: number | undefined;
}

/**
 * processPodOnNode, as a decision: a node without NoExecute taints cancels the pod's eviction; a
 * taint it does not tolerate evicts it now; tolerations without `tolerationSeconds` keep it
 * forever (cancelled); otherwise it is evicted once the shortest toleration ran out, counted from
 * when the taints were added (the earliest `timeAdded`, or the pod's creation if later) — an
 * eviction already scheduled keeps its start.
 */
export function planPodEviction(pod: PodOnNode, taints: readonly Taint[], scheduled: ScheduledEviction | undefined, now: number): EvictionPlan {
  const noExecute = noExecuteTaints(taints);
  if (noExecute.length === 0) return { action: 'cancel' };
  const { allTolerated, used } = matchingTolerations(noExecute, pod.tolerations);
  if (!allTolerated) return due(scheduled, { createdAt: now, fireAt: now });
  const min = minTolerationMs(used);
  if (min < 0) return { action: 'cancel' };
  const start = scheduled?.createdAt ?? taintedSince(noExecute, pod.createdAt, now);
  return due(scheduled, { createdAt: start, fireAt: start + min });
}

const due = (scheduled: ScheduledEviction | undefined, eviction: ScheduledEviction): EvictionPlan =>
  scheduled && scheduled.fireAt <= eviction.fireAt ? { action: 'keep' } : { action: 'schedule', eviction };

/** When the pod's NoExecute tolerations started counting: the earliest `timeAdded`, not before the pod was created, never after now. */
function taintedSince(taints: readonly Taint[], podCreatedAt: number | undefined, now: number): number {
  const added = taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : Number.NaN)).filter((t) => !Number.isNaN(t));
  if (added.length === 0) return now;
  const since = Math.max(Math.min(...added), podCreatedAt ?? Number.NEGATIVE_INFINITY);
  return Math.min(since, now);
}
