import type { KubeObject } from '@kubeledger/api';
import { CONDITION } from '../job/job-conditions.js';
import { jobStatus } from '../job/job-spec.js';

/** A Job's `spec.ttlSecondsAfterFinished`, if set. */
export function ttlSecondsAfterFinished(job: KubeObject): number | undefined {
  const ttl = (job['spec'] as { ttlSecondsAfterFinished?: unknown } | undefined)?.ttlSecondsAfterFinished;
  return typeof ttl === 'number' ? ttl : undefined;
}

/**
 * When the Job finished, in ms (upstream's `jobFinishTime`): the `lastTransitionTime` of its True
 * `Complete` or `Failed` condition, else `status.completionTime`; undefined while it has not
 * finished; NaN when it finished but says no time.
 */
export function jobFinishTime(job: KubeObject): number | undefined {
  const status = jobStatus(job);
  const finished = (status.conditions ?? []).find((c) => (c.type === CONDITION.complete || c.type === CONDITION.failed) && c.status === 'True');
  if (!finished) return undefined;
  const at = Date.parse(finished.lastTransitionTime ?? '');
  return Number.isNaN(at) ? Date.parse(status.completionTime ?? '') : at;
}

/** Upstream's `needsCleanup`: the TTL is set and the Job finished. */
export const needsCleanup = (job: KubeObject): boolean => ttlSecondsAfterFinished(job) !== undefined && jobFinishTime(job) !== undefined;

/** What the TTL says of a Job now. */
export type TtlVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'unknownFinishTime' };

/**
 * Upstream's `processTTL` / `timeLeft`: nothing to do for a Job being deleted, without a TTL or not
 * finished; expired once `finish time + ttl` is not after `now`; else the time left.
 */
export function ttlVerdict(job: KubeObject, now: number): TtlVerdict {
  const ttl = ttlSecondsAfterFinished(job);
  const finishedAt = jobFinishTime(job);
  if (job.metadata?.['deletionTimestamp'] || ttl === undefined || finishedAt === undefined) return { kind: 'none' };
  if (Number.isNaN(finishedAt)) return { kind: 'unknownFinishTime' };
  const left = finishedAt + ttl * 1000 - now;
  return left <= 0 ? { kind: 'expired' } : { kind: 'wait', ms: left };
}
