import type { KubeObject } from '@kubeledger/api';
import type { PodTemplate } from './deployment-spec.js';

/** The parts of apps/v1 ReplicaSetStatus the Deployment controller reads (counts default to 0). */
export interface ReplicaSetStatus {
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly observedGeneration: number;
  readonly conditions: ReadonlyArray<{ readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string; readonly lastTransitionTime?: string }>;
}

const spec = (rs: KubeObject) => (rs['spec'] ?? {}) as { replicas?: number | null; minReadySeconds?: number | null; template?: PodTemplate | null };

/** `spec.replicas` (the apiserver defaults it to 1). */
export const specReplicas = (rs: KubeObject): number => spec(rs).replicas ?? 1;

/** `spec.minReadySeconds` (0 when unset). */
export const specMinReadySeconds = (rs: KubeObject): number => spec(rs).minReadySeconds ?? 0;

/** `spec.template`. */
export const templateOf = (rs: KubeObject): PodTemplate => spec(rs).template ?? {};

export function replicaSetStatus(rs: KubeObject): ReplicaSetStatus {
  const s = (rs['status'] ?? {}) as Partial<Record<keyof ReplicaSetStatus, unknown>>;
  return {
    replicas: Number(s.replicas ?? 0),
    readyReplicas: Number(s.readyReplicas ?? 0),
    availableReplicas: Number(s.availableReplicas ?? 0),
    observedGeneration: Number(s.observedGeneration ?? 0),
    conditions: Array.isArray(s.conditions) ? (s.conditions as ReplicaSetStatus['conditions']) : [],
  };
}

/** A copy of `rs` with `spec.replicas` set. */
export const withReplicas = (rs: KubeObject, replicas: number): KubeObject => ({ ...rs, spec: { ...(rs['spec'] as object), replicas } });

/** `metadata.creationTimestamp` in ms (0 when unset: not created yet). */
export function createdAt(o: KubeObject): number {
  const at = Date.parse(String(o.metadata?.['creationTimestamp'] ?? ''));
  return Number.isNaN(at) ? 0 : at;
}
