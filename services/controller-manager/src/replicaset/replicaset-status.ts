import { isDeepStrictEqual } from 'node:util';
import { matchesLabels, rfc3339, type KubeObject, type LabelRequirement } from '@kubeledger/api';
import { labelsOf } from '../controller-utils/controller-ref.js';
import { isPodAvailable, isPodReady, podReadySince } from '../controller-utils/pod-readiness.js';
import { generationOf, replicaSetSpec } from './replicaset-spec.js';

/** apps/v1 ReplicaSetCondition. */
export interface ReplicaSetCondition {
  readonly type: string;
  readonly status: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** apps/v1 ReplicaSetStatus (the counts are omitted when 0, as upstream serialises them; `replicas` always present). */
export interface ReplicaSetStatus {
  readonly replicas: number;
  readonly fullyLabeledReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly observedGeneration?: number;
  readonly conditions?: readonly ReplicaSetCondition[];
  readonly [field: string]: unknown;
}

export const REPLICA_FAILURE = 'ReplicaFailure';

const COUNTS = ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;

/** A ReplicaSet's status as stored (none: all zero). */
export const statusOf = (rs: KubeObject): ReplicaSetStatus => ({ replicas: 0, ...(rs['status'] as Partial<ReplicaSetStatus> | undefined) });

/**
 * Upstream's `calculateStatus`: `replicas` the claimed active pods, `fullyLabeledReplicas` those
 * carrying every label of the template, `readyReplicas` the ready ones, `availableReplicas` those
 * ready for longer than `minReadySeconds`; `observedGeneration` the generation acted on. An error
 * managing the replicas sets the `ReplicaFailure` condition (reason `FailedCreate` with too few
 * pods, `FailedDelete` with too many) unless one is there already; a sync without one clears it.
 * Other status fields are kept.
 */
export function calculateStatus(rs: KubeObject, pods: readonly KubeObject[], manageError: unknown, now: Date): ReplicaSetStatus {
  const { replicas, minReadySeconds, template } = replicaSetSpec(rs);
  const templateLabels: LabelRequirement[] = Object.entries(template.metadata?.labels ?? {}).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  const current = statusOf(rs);
  const status: Record<string, unknown> = {
    ...current,
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => matchesLabels(templateLabels, labelsOf(p))).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, now)).length,
    observedGeneration: generationOf(rs),
  };
  let conditions = current.conditions ?? [];
  const failing = conditions.some((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && !failing) {
    const diff = pods.length - replicas;
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = [...conditions, { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(now), reason, message: messageOf(manageError) }];
  } else if (manageError === undefined && failing) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  status['conditions'] = conditions;
  for (const field of COUNTS) if (status[field] === 0) delete status[field];
  if (conditions.length === 0) delete status['conditions'];
  return status as ReplicaSetStatus;
}

/**
 * Whether `status` says something the stored one does not (upstream's `updateReplicaSetStatus`
 * early return): a count (`observedGeneration` among them: a new generation is always written),
 * or the conditions.
 */
export function statusChanged(rs: KubeObject, status: ReplicaSetStatus): boolean {
  const current = statusOf(rs);
  const count = (s: ReplicaSetStatus, field: 'replicas' | (typeof COUNTS)[number]) => s[field] ?? 0;
  return (
    (['replicas', ...COUNTS] as const).some((f) => count(current, f) !== count(status, f)) ||
    !isDeepStrictEqual(current.conditions ?? [], status.conditions ?? [])
  );
}

/**
 * How long until the next ready pod becomes available (its Ready transition plus
 * `minReadySeconds`, and a second for timestamps in whole seconds, as upstream adds), for a sync
 * then: upstream requeues after `minReadySeconds` for the same reason. Undefined when no ready
 * pod is waiting for that.
 */
export function nextAvailabilityCheckMs(rs: KubeObject, pods: readonly KubeObject[], now: Date): number | undefined {
  const { minReadySeconds } = replicaSetSpec(rs);
  if (minReadySeconds <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    const since = podReadySince(pod);
    if (since === undefined || isPodAvailable(pod, minReadySeconds, now)) continue;
    const due = Math.max(0, since + minReadySeconds * 1000 - now.getTime()) + 1000;
    next = next === undefined ? due : Math.min(next, due);
  }
  return next;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
