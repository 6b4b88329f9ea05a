import type { KubeObject } from '@kubeledger/api';
import type { OwnerKind } from '../controller-utils/controller-ref.js';
import type { LabelSelector } from '../controller-utils/label-selector.js';

/** What a ReplicaSet's pods are owned as. */
export const REPLICASET_KIND: OwnerKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

/** core/v1 PodTemplateSpec, the parts a pod is made from. */
export interface PodTemplate {
  readonly metadata?: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly finalizers?: readonly string[];
  };
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** apps/v1 ReplicaSetSpec, with upstream's defaults (one replica, minReadySeconds 0). */
export interface ReplicaSetSpec {
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplate;
}

export function replicaSetSpec(rs: KubeObject): ReplicaSetSpec {
  const spec = (rs['spec'] ?? {}) as { replicas?: number; minReadySeconds?: number; selector?: LabelSelector; template?: PodTemplate };
  return { replicas: spec.replicas ?? 1, minReadySeconds: spec.minReadySeconds ?? 0, selector: spec.selector, template: spec.template ?? {} };
}

/** `metadata.generation` (0 when unset). */
export const generationOf = (o: KubeObject): number => Number(o.metadata?.['generation'] ?? 0);

/** A ReplicaSet as the event recorder describes it (list items may come without kind and apiVersion). */
export const asReplicaSet = (rs: KubeObject): KubeObject => ({ ...rs, apiVersion: REPLICASET_KIND.apiVersion, kind: REPLICASET_KIND.kind });
