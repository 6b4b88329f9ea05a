import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { isBeingDeleted } from '../controller-utils/controller-ref.js';
import { isPodReady } from '../controller-utils/pod-readiness.js';
import { pdbGeneration, pdbStatus, type Condition, type PdbStatus } from './pdb-types.js';

/** DeletionTimeout: how long a pod an eviction was granted for is counted as going, before the controller gives up on its deletion. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface DisruptedPods {
  /** The entries still pending: pods granted an eviction less than DeletionTimeout ago and not being deleted yet. */
  readonly pods: Record<string, string>;
  /** When the earliest of them expires (ms), for a recheck then. */
  readonly recheckAt?: number;
  /** Pods granted an eviction that did not go in time (upstream's `NotDeleted` event). */
  readonly notDeleted: readonly string[];
}

/** buildDisruptedPodMap: the status's disruptedPods that still count — the pod is there, not being deleted, and the entry has not expired. */
export function disruptedPodMap(pods: readonly KubeObject[], pdb: KubeObject, now: number): DisruptedPods {
  const noted = pdbStatus(pdb).disruptedPods ?? {};
  const result: Record<string, string> = {};
  const notDeleted: string[] = [];
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const at = noted[name];
    if (isBeingDeleted(pod) || at === undefined) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expires < now) notDeleted.push(name);
    else {
      result[name] = at;
      if (recheckAt === undefined || expires < recheckAt) recheckAt = expires;
    }
  }
  return { pods: result, notDeleted, ...(recheckAt !== undefined && { recheckAt }) };
}

/** countHealthyPods: ready pods not being deleted and not about to be (an unexpired disruptedPods entry). */
export function countHealthyPods(pods: readonly KubeObject[], disrupted: Readonly<Record<string, string>>, now: number): number {
  return pods.filter((pod) => {
    if (isBeingDeleted(pod)) return false;
    const at = disrupted[pod.metadata?.name ?? ''];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) return false;
    return isPodReady(pod);
  }).length;
}

export interface PdbCounts {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptedPods: Readonly<Record<string, string>>;
}

/**
 * updatePdbStatus: the status the counts make, or undefined when the stored one says so already.
 * No disruption is allowed while the budget expects no pods (its first pods may appear before it
 * is synced again).
 */
export function planPdbStatus(pdb: KubeObject, counts: PdbCounts, now: string): PdbStatus | undefined {
  const { currentHealthy, desiredHealthy, expectedPods, disruptedPods } = counts;
  const difference = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || difference <= 0 ? 0 : difference;
  const old = pdbStatus(pdb);
  const generation = pdbGeneration(pdb);
  if (
    (old.currentHealthy ?? 0) === currentHealthy &&
    (old.desiredHealthy ?? 0) === desiredHealthy &&
    (old.expectedPods ?? 0) === expectedPods &&
    (old.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    isDeepStrictEqual(old.disruptedPods ?? {}, disruptedPods) &&
    (old.observedGeneration ?? 0) === generation &&
    conditionsUpToDate(pdb)
  ) {
    return undefined;
  }
  // disruptedPods is omitempty upstream: an empty map is not written.
  const noted = Object.keys(disruptedPods).length > 0 ? { disruptedPods: { ...disruptedPods } } : {};
  const status = { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, ...noted, observedGeneration: generation };
  return { ...status, conditions: withDisruptionAllowed(old.conditions, disruptionsAllowed > 0 ? SUFFICIENT : INSUFFICIENT, generation, now) };
}

/** failSafe: a budget that could not be computed allows no disruption (`SyncFailed`, with the error). */
export function failSafeStatus(pdb: KubeObject, message: string, now: string): PdbStatus {
  const old = pdbStatus(pdb);
  return { ...old, disruptionsAllowed: 0, conditions: withDisruptionAllowed(old.conditions, { status: 'False', reason: 'SyncFailed', message }, old.observedGeneration ?? 0, now) };
}

type ConditionState = Pick<Condition, 'status' | 'reason' | 'message'>;
const SUFFICIENT: ConditionState = { status: 'True', reason: 'SufficientPods', message: '' };
const INSUFFICIENT: ConditionState = { status: 'False', reason: 'InsufficientPods', message: '' };

/** pdbhelper.ConditionsAreUpToDate: DisruptionAllowed says what disruptionsAllowed does, for the current generation. */
function conditionsUpToDate(pdb: KubeObject): boolean {
  const status = pdbStatus(pdb);
  const condition = status.conditions?.find((c) => c.type === 'DisruptionAllowed');
  if (!condition || (status.observedGeneration ?? 0) !== pdbGeneration(pdb)) return false;
  const want = (status.disruptionsAllowed ?? 0) > 0 ? SUFFICIENT : INSUFFICIENT;
  return condition.status === want.status && condition.reason === want.reason;
}

/** meta.SetStatusCondition on DisruptionAllowed: the transition time moves only when the status does. */
function withDisruptionAllowed(conditions: readonly Condition[] | undefined, state: ConditionState, observedGeneration: number, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const at = list.findIndex((c) => c.type === 'DisruptionAllowed');
  const old = at < 0 ? undefined : list[at];
  const next: Condition = {
    type: 'DisruptionAllowed',
    ...state,
    ...(observedGeneration > 0 && { observedGeneration }),
    lastTransitionTime: old && old.status === state.status ? (old.lastTransitionTime ?? now) : now,
  };
  if (at < 0) list.push(next);
  else list[at] = next;
  return list;
}
