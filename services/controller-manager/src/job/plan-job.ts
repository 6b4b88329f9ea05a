import type { KubeObject } from '@kubeledger/api';
import { isPodReady, podPhase } from '../controller-utils/pod-readiness.js';
import { deletionOrder } from '../controller-utils/pods-to-delete.js';
import { duplicatedIndexPods } from './completion-indexes.js';
import { isIndexedJob, onlyReplaceFailedPods, type JobSpec } from './job-spec.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Upstream's MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

const isDeleting = (pod: KubeObject) => Boolean(pod.metadata?.['deletionTimestamp']);

/**
 * Upstream's `isPodFailed`: Failed, or — unless only failed pods are replaced
 * (`podReplacementPolicy: Failed`, or a pod failure policy) — being deleted before it succeeded (an orphan that never gets
 * to fail still counts).
 */
export function isPodFailed(pod: KubeObject, spec: JobSpec): boolean {
  const phase = podPhase(pod);
  if (phase === 'Failed') return true;
  if (onlyReplaceFailedPods(spec)) return false;
  return isDeleting(pod) && phase !== 'Succeeded';
}

/** Upstream's `nonIgnoredFailedPodsCount`: the failed pods that count towards backoffLimit (no Ignore rule matched). */
export const countNonIgnoredFailed = (spec: JobSpec, failed: readonly KubeObject[]): number => failed.filter((p) => matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed).length;

/** Upstream's `getFailJobMessage`: the message of the first failed pod a FailJob rule matches. */
export function failJobMessage(spec: JobSpec, pods: readonly KubeObject[]): string | undefined {
  if (!spec.podFailurePolicy) return undefined;
  for (const pod of pods) {
    if (!isPodFailed(pod, spec)) continue;
    const match = matchPodFailurePolicy(spec.podFailurePolicy, pod);
    if (match.action === 'FailJob') return match.message;
  }
  return undefined;
}

/** controller.CountTerminatingPods: being deleted and not finished. */
export const countTerminating = (pods: readonly KubeObject[]): number => pods.filter((p) => isDeleting(p) && podPhase(p) !== 'Failed' && podPhase(p) !== 'Succeeded').length;

export const countReady = (pods: readonly KubeObject[]): number => pods.filter(isPodReady).length;

/**
 * How long until the active deadline passes — 0: passed (upstream's `pastActiveDeadline`: started,
 * not suspended, and running at least `activeDeadlineSeconds`); undefined without one, before the
 * start, or while suspended.
 */
export function activeDeadlineInMs(spec: JobSpec, status: { readonly startTime?: string | undefined }, now: Date): number | undefined {
  if (spec.activeDeadlineSeconds === undefined || !status.startTime || spec.suspend) return undefined;
  const started = Date.parse(status.startTime);
  if (Number.isNaN(started)) return undefined;
  return Math.max(0, started + spec.activeDeadlineSeconds * 1000 - now.getTime());
}

/**
 * Upstream's `pastBackoffLimitOnFailure` (restartPolicy OnFailure only): the restarts of the
 * containers of the pods still Pending or Running reach `backoffLimit` (exceed it when it is 0).
 */
export function pastBackoffLimitOnFailure(spec: JobSpec, pods: readonly KubeObject[]): boolean {
  if ((spec.template.spec as { restartPolicy?: string } | undefined)?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    const phase = podPhase(pod);
    if (phase !== 'Running' && phase !== 'Pending') continue;
    const status = (pod['status'] ?? {}) as { initContainerStatuses?: Array<{ restartCount?: number }>; containerStatuses?: Array<{ restartCount?: number }> };
    for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  return spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit;
}

/**
 * How many pods should be active (upstream's `manageJob`): without completions, `parallelism`
 * until a pod succeeded, then whatever still runs; with them, the completions left, at most
 * `parallelism`.
 */
export function wantActive(spec: JobSpec, succeeded: number, active: number): number {
  if (spec.completions === undefined) return succeeded > 0 ? active : spec.parallelism;
  return Math.max(0, Math.min(spec.completions - succeeded, spec.parallelism));
}

/**
 * Upstream's `activePodsForRemoval`: for an Indexed Job, first the pods of a missing, out of range
 * or repeated index; then, up to `rmAtLeast`, those furthest from running (the ReplicaSet's
 * deletion order: unscheduled, pending, not ready, newer first).
 */
export function activePodsForRemoval<T extends KubeObject>(spec: JobSpec, active: readonly T[], rmAtLeast: number, now: Date): T[] {
  const order = (pods: readonly T[]) => deletionOrder(pods, [], now);
  let remove: T[] = [];
  let left: readonly T[] = active;
  if (isIndexedJob(spec)) ({ remove, keep: left } = duplicatedIndexPods(active, spec.completions, order));
  if (remove.length < rmAtLeast) remove = [...remove, ...order(left).slice(0, rmAtLeast - remove.length)];
  return remove;
}
