import type { KubeObject } from '@kubeledger/api';
import type { OwnerKind } from '../controller-utils/controller-ref.js';
import type { LabelSelector } from '../controller-utils/label-selector.js';
import type { PodTemplate } from '../controller-utils/pod-template.js';

/** What a Deployment's ReplicaSets are owned as. */
export const DEPLOYMENT_KIND: OwnerKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
/** What the controller writes ReplicaSets as. */
export const REPLICASET_KIND: OwnerKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

/** intstr.IntOrString: `3` or `'25%'`. */
export type IntOrString = number | string;

export type { PodTemplate };

/** apps/v1 DeploymentSpec as the controller reads it. */
export interface DeploymentSpec {
  /** `spec.replicas` (the apiserver defaults it to 1). */
  readonly replicas: number;
  readonly paused: boolean;
  readonly minReadySeconds: number;
  /** Old ReplicaSets to keep; undefined keeps them all (the apiserver defaults it to 10). */
  readonly revisionHistoryLimit: number | undefined;
  /** Undefined: no deadline (the apiserver defaults it to 600). */
  readonly progressDeadlineSeconds: number | undefined;
  /** `RollingUpdate` or `Recreate` (the apiserver defaults it to `RollingUpdate`). */
  readonly strategy: string;
  /** `strategy.rollingUpdate`; undefined counts as 0, as upstream's `ValueOrDefault`. */
  readonly maxSurge: IntOrString | undefined;
  readonly maxUnavailable: IntOrString | undefined;
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplate;
}

interface RawSpec {
  replicas?: number | null;
  paused?: boolean | null;
  minReadySeconds?: number | null;
  revisionHistoryLimit?: number | null;
  progressDeadlineSeconds?: number | null;
  strategy?: { type?: string | null; rollingUpdate?: { maxSurge?: IntOrString | null; maxUnavailable?: IntOrString | null } | null } | null;
  selector?: LabelSelector | null;
  template?: PodTemplate | null;
}

export function deploymentSpec(d: KubeObject): DeploymentSpec {
  const spec = (d['spec'] ?? {}) as RawSpec;
  const rolling = spec.strategy?.rollingUpdate ?? {};
  return {
    replicas: spec.replicas ?? 1,
    paused: spec.paused ?? false,
    minReadySeconds: spec.minReadySeconds ?? 0,
    revisionHistoryLimit: spec.revisionHistoryLimit ?? undefined,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? undefined,
    strategy: spec.strategy?.type || 'RollingUpdate',
    maxSurge: rolling.maxSurge ?? undefined,
    maxUnavailable: rolling.maxUnavailable ?? undefined,
    selector: spec.selector ?? undefined,
    template: spec.template ?? {},
  };
}

/** The largest int32: upstream's "no deadline" / "keep every revision" marker. */
export const MAX_INT32 = 2_147_483_647;

/** util.HasProgressDeadline. */
export const hasProgressDeadline = (spec: DeploymentSpec): spec is DeploymentSpec & { progressDeadlineSeconds: number } =>
  spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== MAX_INT32;

/** `metadata.generation` (0 when unset). */
export const generationOf = (o: KubeObject): number => Number(o.metadata?.['generation'] ?? 0);

/** `metadata.annotations` (none: empty). */
export const annotationsOf = (o: KubeObject | undefined): Readonly<Record<string, string>> => (o?.metadata?.['annotations'] ?? {}) as Record<string, string>;

/** `object` with its kind and apiVersion set (list items may come without; the event recorder and PUTs want them). */
export const withKind = (object: KubeObject, kind: OwnerKind): KubeObject => ({ ...object, apiVersion: kind.apiVersion, kind: kind.kind });
