import type { KubeObject } from '@kubeledger/api';
import { completionIndexOf } from './completion-indexes.js';
import { INDEX_FAILURE_COUNT_KEY, INDEX_IGNORED_FAILURE_COUNT_KEY, type JobSpec } from './job-spec.js';
import { isPodFailed } from './plan-job.js';
import { finishedTime, remainingBackoffMs } from './pod-failure-backoff.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

const annotationCount = (pod: KubeObject, key: string): number => {
  const value = (pod.metadata?.annotations as Record<string, string> | undefined)?.[key];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 0;
};

/** The earlier failures of the pod's index, as its annotation says (0 when missing or unreadable). */
export const indexFailureCount = (pod: KubeObject): number => annotationCount(pod, INDEX_FAILURE_COUNT_KEY);
/** The earlier failures an Ignore rule matched. */
export const indexIgnoredFailureCount = (pod: KubeObject): number => annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT_KEY);

/**
 * Upstream's `isIndexFailed`: the failed pod's index fails — a FailIndex rule matched, or the
 * failure counts and the index failed `backoffLimitPerIndex` times before it.
 */
export function isIndexFailed(spec: JobSpec & { backoffLimitPerIndex: number }, pod: KubeObject): boolean {
  if (!isPodFailed(pod, spec)) return false;
  const match = matchPodFailurePolicy(spec.podFailurePolicy, pod);
  if (match.action === 'FailIndex') return true;
  return match.countFailed && indexFailureCount(pod) >= spec.backoffLimitPerIndex;
}

/** Upstream's `calculateFailedIndexes`: the indexes failed before, and those of pods whose index failed now (below completions). */
export function failedIndexes(spec: JobSpec & { completions: number; backoffLimitPerIndex: number }, prev: readonly number[], pods: readonly KubeObject[]): number[] {
  const out = new Set(prev);
  for (const pod of pods) {
    const ix = completionIndexOf(pod);
    if (ix !== undefined && ix < spec.completions && isIndexFailed(spec, pod)) out.add(ix);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Upstream's `getPodsWithDelayedDeletionPerIndex`: per index neither succeeded, failed nor active,
 * its last failed pod (the most failures, then the latest) of those still holding the tracking
 * finalizer: that finalizer stays until the replacement pod was created with the index's failure
 * count, read from it.
 */
export function podsWithDelayedDeletion(
  spec: JobSpec & { completions: number },
  trackedPods: readonly KubeObject[],
  activePods: readonly KubeObject[],
  settled: ReadonlySet<number>,
  now: number,
): Map<number, KubeObject> {
  const active = new Set(activePods.map(completionIndexOf));
  const out = new Map<number, KubeObject>();
  for (const pod of trackedPods) {
    if (!isPodFailed(pod, spec)) continue;
    const ix = completionIndexOf(pod);
    if (ix === undefined || ix >= spec.completions || settled.has(ix) || active.has(ix)) continue;
    const last = out.get(ix);
    const absolute = (p: KubeObject) => indexFailureCount(p) + indexIgnoredFailureCount(p);
    if (!last || (absolute(last) <= absolute(pod) && finishedTime(pod, now) >= finishedTime(last, now))) out.set(ix, pod);
  }
  return out;
}

/** Upstream's `getNewIndexFailureCounts`: the counts a replacement of `replaced` starts with. */
export function nextIndexFailureCounts(spec: JobSpec, replaced: KubeObject | undefined): { failures: number; ignored: number } {
  if (!replaced) return { failures: 0, ignored: 0 };
  const counts = matchPodFailurePolicy(spec.podFailurePolicy, replaced).countFailed;
  return { failures: indexFailureCount(replaced) + (counts ? 1 : 0), ignored: indexIgnoredFailureCount(replaced) + (counts ? 0 : 1) };
}

/** Upstream's `getRemainingTimePerIndex`: the backoff before an index's replacement, by its failures so far, from the last one's end. */
export function remainingIndexBackoffMs(replaced: KubeObject | undefined, now: number, baseMs: number): number {
  if (!replaced) return 0;
  const failures = indexFailureCount(replaced) + indexIgnoredFailureCount(replaced) + 1;
  return remainingBackoffMs({ failuresAfterLastSuccess: failures, lastFailureTime: finishedTime(replaced, now) }, now, baseMs);
}
