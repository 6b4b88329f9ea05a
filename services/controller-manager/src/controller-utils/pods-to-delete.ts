import type { KubeObject } from '@kubeledger/api';
import { isPodActive, isPodReady, podPhase, podReadySince } from './pod-readiness.js';

/** The annotation that makes a pod cheaper (lower) or dearer (higher) to delete on scale-down. */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** Pending before Unknown before Running (other phases, and none, count as Pending: upstream's map lookup). */
const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The `count` pods to delete on scale-down (upstream's `getPodsToDelete`): all of them when
 * `count` covers them, else the first `count` in {@link deletionOrder}. `related` are the pods of
 * the ReplicaSets sharing this one's controller (a Deployment's), for the co-location rank.
 */
export function podsToDelete<T extends KubeObject>(pods: readonly T[], related: readonly KubeObject[], count: number, now: Date): T[] {
  if (count >= pods.length) return pods.slice(0, count);
  return deletionOrder(pods, related, now).slice(0, count);
}

/**
 * Pods sorted the way upstream's `ActivePodsWithRanks` does, the ones to delete first first:
 * 1. unscheduled before scheduled; 2. Pending before Unknown before Running; 3. not ready before
 * ready; 4. lower `pod-deletion-cost` first; 5. more active related pods on the same node first;
 * 6. (both ready) ready for less time first; 7. more container restarts first; 8. newer first.
 * Times in 6 and 8 are compared on a log₂ scale of their age (LogarithmicScaleDown), ties broken
 * by uid; an unknown time sorts first.
 */
export function deletionOrder<T extends KubeObject>(pods: readonly T[], related: readonly KubeObject[], now: Date): T[] {
  const onNode = new Map<string, number>();
  for (const pod of related) if (isPodActive(pod)) onNode.set(nodeOf(pod), (onNode.get(nodeOf(pod)) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(nodeOf(pod)) ?? 0 }));
  const less = (a: Ranked, b: Ranked) => deleteFirst(a, b, now.getTime());
  return ranked.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0)).map((r) => r.pod as T);
}

interface Ranked {
  readonly pod: KubeObject;
  readonly rank: number;
}

/** Upstream's `ActivePodsWithRanks.Less`: whether `a` is preferred for deletion over `b`. */
function deleteFirst(a: Ranked, b: Ranked, now: number): boolean {
  const [na, nb] = [nodeOf(a.pod), nodeOf(b.pod)];
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const [pa, pb] = [PHASE_ORDINAL[podPhase(a.pod)] ?? 0, PHASE_ORDINAL[podPhase(b.pod)] ?? 0];
  if (pa !== pb) return pa < pb;
  const [ra, rb] = [isPodReady(a.pod), isPodReady(b.pod)];
  if (ra !== rb) return !ra;
  const [ca, cb] = [deletionCost(a.pod), deletionCost(b.pod)];
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (ra && rb) {
    const [ta, tb] = [podReadySince(a.pod), podReadySince(b.pod)];
    if (ta !== tb) return newerFirst(ta, tb, a.pod, b.pod, now);
  }
  const [xa, xb] = [maxRestarts(a.pod), maxRestarts(b.pod)];
  if (xa !== xb) return xa > xb;
  const [ta, tb] = [creationTime(a.pod), creationTime(b.pod)];
  if (ta !== tb) return newerFirst(ta, tb, a.pod, b.pod, now);
  return false;
}

/** The later time first, on a log₂ scale of the age (equal ranks: by uid); an unknown time first. */
function newerFirst(ta: number | undefined, tb: number | undefined, a: KubeObject, b: KubeObject, now: number): boolean {
  if (ta === undefined || tb === undefined) return ta === undefined;
  const diff = logRank(now - ta) - logRank(now - tb);
  if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
  return diff < 0;
}

/** ⌊log₂ age in ns⌋ (as upstream measures a Duration), −1 for no age. */
const logRank = (ageMs: number) => (ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1);

const nodeOf = (pod: KubeObject) => ((pod['spec'] ?? {}) as { nodeName?: string }).nodeName ?? '';

/** The `pod-deletion-cost` annotation as an int32; absent or invalid: 0. */
function deletionCost(pod: KubeObject): number {
  const value = (pod.metadata?.['annotations'] as Record<string, string> | undefined)?.[POD_DELETION_COST];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return 0;
  const cost = Number(value);
  return cost >= -(2 ** 31) && cost < 2 ** 31 ? cost : 0;
}

function maxRestarts(pod: KubeObject): number {
  const statuses = ((pod['status'] ?? {}) as { containerStatuses?: ReadonlyArray<{ restartCount?: number }> }).containerStatuses ?? [];
  return statuses.reduce((max, s) => Math.max(max, s.restartCount ?? 0), 0);
}

function creationTime(pod: KubeObject): number | undefined {
  const at = Date.parse(String(pod.metadata?.['creationTimestamp'] ?? ''));
  return Number.isNaN(at) ? undefined : at;
}
