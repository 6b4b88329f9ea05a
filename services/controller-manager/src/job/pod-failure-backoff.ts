import type { KubeObject } from '@kubeledger/api';

/** Upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 360_000;

/** How many of a Job's pods failed since its last success, and when the last of them did (upstream's `backoffRecord`). */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: number | undefined;
}

export const NO_BACKOFF: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };

/**
 * When a pod finished (upstream's `getFinishedTime`): the last of its containers' `finishedAt`,
 * else its deletion timestamp, else its creation; in ms.
 */
export function finishedTime(pod: KubeObject, now: number): number {
  const status = (pod['status'] ?? {}) as { containerStatuses?: Array<{ state?: { terminated?: { finishedAt?: string } } }> };
  const finished = (status.containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t) => !Number.isNaN(t));
  if (finished.length > 0) return Math.max(...finished);
  for (const field of ['deletionTimestamp', 'creationTimestamp'] as const) {
    const at = Date.parse(String(pod.metadata?.[field] ?? ''));
    if (!Number.isNaN(at)) return at;
  }
  return now;
}

/**
 * Upstream's `newBackoffRecord`: the record once the newly finished pods count. A success resets
 * it to the failures that came after the latest success.
 */
export function nextBackoffRecord(prev: BackoffRecord, newSucceeded: readonly KubeObject[], newFailed: readonly KubeObject[], now: number): BackoffRecord {
  const failedTimes = newFailed.map((p) => finishedTime(p, now));
  if (newSucceeded.length === 0) {
    if (newFailed.length === 0) return prev;
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + newFailed.length, lastFailureTime: Math.max(...failedTimes, prev.lastFailureTime ?? -Infinity) };
  }
  const lastSuccess = Math.max(...newSucceeded.map((p) => finishedTime(p, now)));
  const after = failedTimes.filter((t) => t > lastSuccess);
  if (after.length === 0) return NO_BACKOFF;
  return { failuresAfterLastSuccess: after.length, lastFailureTime: Math.max(...after) };
}

/**
 * Upstream's `getRemainingTime`: how long until a replacement pod may be created — `base`
 * doubled per failure after the first, capped at `max`, counted from the last failure; 0 when
 * nothing failed since the last success.
 */
export function remainingBackoffMs(record: BackoffRecord, now: number, baseMs: number, maxMs: number = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  const backoff = Math.min(baseMs * 2 ** (record.failuresAfterLastSuccess - 1), maxMs);
  const elapsed = now - record.lastFailureTime;
  if (elapsed < 0) return backoff;
  return Math.max(0, backoff - elapsed);
}
