import type { KubeObject } from '@kubeledger/api';
import { isPodAvailable, isPodReady, podReadySince } from '../controller-utils/pod-readiness.js';
import { isPodUpdated } from './daemon-pod.js';
import { daemonSetSpec, daemonSetStatusOf, templateGenerationOf, type DaemonSetStatus } from './daemonset-spec.js';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';
import { byCreationAndPhase } from './pods-by-node.js';

/** The counts upstream's `updateDaemonSetStatus` computes. */
export interface DaemonSetCounts {
  readonly desiredNumberScheduled: number;
  readonly currentNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly numberReady: number;
  readonly updatedNumberScheduled: number;
  readonly numberAvailable: number;
  readonly numberUnavailable: number;
}

const COUNT_FIELDS = ['desiredNumberScheduled', 'currentNumberScheduled', 'numberMisscheduled', 'numberReady', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const;
/** Serialised only when not 0 (omitempty upstream); the others always are. */
const OMIT_EMPTY = new Set<string>(['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'observedGeneration']);

/**
 * Upstream's `updateDaemonSetStatus` counts: per node that should run a pod, `desired`; with a
 * pod there, `current`; the oldest of its pods decides `ready`, `available` (ready past
 * `minReadySeconds`) and `updated` (of the current revision). A node with a pod that should run
 * none is `misscheduled`. `unavailable` is desired − available.
 */
export function daemonSetCounts(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, readonly KubeObject[]>, hash: string, now: Date): DaemonSetCounts {
  const { minReadySeconds } = daemonSetSpec(ds);
  const generation = templateGenerationOf(ds);
  let [desired, current, misscheduled, ready, updated, available] = [0, 0, 0, 0, 0, 0];
  for (const node of nodes) {
    const pods = byNode.get(node.metadata?.name ?? '') ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreationAndPhase)[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  return {
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}

/**
 * The status to write (upstream's `storeDaemonSetStatus`), or undefined when the stored one has
 * these counts already and has observed the generation. `observedGeneration` moves only when the
 * sync acted on this generation (not while expectations were pending). Other fields are kept.
 */
export function nextDaemonSetStatus(ds: KubeObject, counts: DaemonSetCounts, updateObservedGeneration: boolean): DaemonSetStatus | undefined {
  const stored = daemonSetStatusOf(ds);
  const generation = Number(ds.metadata?.['generation'] ?? 0);
  const observed = stored.observedGeneration ?? 0;
  // Unlike upstream, equal counts are not written again while the generation stays unobserved: no status write that changes nothing.
  if (COUNT_FIELDS.every((f) => (stored[f] ?? 0) === counts[f]) && (observed >= generation || !updateObservedGeneration)) return undefined;
  const status: Record<string, unknown> = { ...stored, ...counts, ...(updateObservedGeneration && { observedGeneration: generation }) };
  for (const field of OMIT_EMPTY) if (status[field] === 0) delete status[field];
  return status as DaemonSetStatus;
}

/** When ready pods wait out `minReadySeconds`: a sync after it (upstream requeues after minReadySeconds). */
export function nextAvailabilityCheckMs(ds: KubeObject, counts: DaemonSetCounts, pods: readonly KubeObject[], now: Date): number | undefined {
  const { minReadySeconds } = daemonSetSpec(ds);
  if (minReadySeconds <= 0 || counts.numberReady === counts.numberAvailable) return undefined;
  const due = pods.map(podReadySince).filter((since): since is number => since !== undefined && since + minReadySeconds * 1000 >= now.getTime());
  return due.length > 0 ? Math.max(0, Math.min(...due) + minReadySeconds * 1000 - now.getTime()) + 1000 : minReadySeconds * 1000;
}
