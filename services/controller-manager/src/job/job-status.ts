import type { KubeObject } from '@kubeledger/api';
import { jobStatus, type JobCondition, type JobStatus } from './job-spec.js';

/** A Job's status while a sync works on it. */
export interface WorkingStatus {
  startTime: string | undefined;
  completionTime: string | undefined;
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  completedIndexes: string;
  /** backoffLimitPerIndex Jobs only (else undefined: left as it is). */
  failedIndexes: string | undefined;
  uncounted: { succeeded: string[]; failed: string[] };
  conditions: JobCondition[];
  /** What this controller does not manage, kept as it is. */
  readonly rest: Readonly<Record<string, unknown>>;
}

const MANAGED = new Set(['startTime', 'completionTime', 'active', 'ready', 'terminating', 'succeeded', 'failed', 'completedIndexes', 'failedIndexes', 'uncountedTerminatedPods', 'conditions']);

export function workingStatus(job: KubeObject): WorkingStatus {
  const s: JobStatus = jobStatus(job);
  return {
    startTime: s.startTime,
    completionTime: s.completionTime,
    active: s.active ?? 0,
    ready: s.ready ?? 0,
    terminating: s.terminating ?? 0,
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    completedIndexes: s.completedIndexes ?? '',
    failedIndexes: s.failedIndexes,
    uncounted: { succeeded: [...(s.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(s.uncountedTerminatedPods?.failed ?? [])] },
    conditions: [...(s.conditions ?? [])],
    rest: Object.fromEntries(Object.entries(s).filter(([k]) => !MANAGED.has(k))),
  };
}

/**
 * The status as batch/v1 serializes it: counters with `omitempty` (active, succeeded, failed)
 * left out at 0, `ready` and `terminating` always there, `uncountedTerminatedPods` an object whose
 * empty lists are left out.
 */
export function wireStatus(s: WorkingStatus): JobStatus {
  return {
    ...s.rest,
    ...(s.conditions.length > 0 && { conditions: s.conditions }),
    ...(s.startTime && { startTime: s.startTime }),
    ...(s.completionTime && { completionTime: s.completionTime }),
    ...(s.active > 0 && { active: s.active }),
    ...(s.succeeded > 0 && { succeeded: s.succeeded }),
    ...(s.failed > 0 && { failed: s.failed }),
    ...(s.completedIndexes && { completedIndexes: s.completedIndexes }),
    ...(s.failedIndexes !== undefined && { failedIndexes: s.failedIndexes }),
    uncountedTerminatedPods: { ...(s.uncounted.succeeded.length > 0 && { succeeded: s.uncounted.succeeded }), ...(s.uncounted.failed.length > 0 && { failed: s.uncounted.failed }) },
    ready: s.ready,
    terminating: s.terminating,
  };
}

/**
 * Upstream's `cleanUncountedPodsWithoutFinalizers`: the uncounted pods whose finalizer is gone are
 * counted (moved from the lists to `succeeded` / `failed`). Returns whether anything moved.
 */
export function countUncountedWithoutFinalizers(s: WorkingStatus, withFinalizer: ReadonlySet<string>): boolean {
  const succeeded = s.uncounted.succeeded.filter((uid) => withFinalizer.has(uid));
  const failed = s.uncounted.failed.filter((uid) => withFinalizer.has(uid));
  const moved = s.uncounted.succeeded.length - succeeded.length + (s.uncounted.failed.length - failed.length);
  s.succeeded += s.uncounted.succeeded.length - succeeded.length;
  s.failed += s.uncounted.failed.length - failed.length;
  s.uncounted = { succeeded, failed };
  return moved > 0;
}
