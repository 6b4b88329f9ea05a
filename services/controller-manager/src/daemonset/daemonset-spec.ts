import type { KubeObject } from '@kubeledger/api';
import type { OwnerKind } from '../controller-utils/controller-ref.js';
import type { LabelSelector } from '../controller-utils/label-selector.js';
import type { PodTemplate } from '../replicaset/replicaset-spec.js';

/** What a DaemonSet's pods and ControllerRevisions are owned as. */
export const DAEMONSET_KIND: OwnerKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' };

/** The label on a DaemonSet's pods and revisions naming the revision (apps.DefaultDaemonSetUniqueLabelKey). */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
/** The deprecated label carrying the DaemonSet's template generation (extensions.DaemonSetTemplateGenerationKey). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The annotation the apiserver keeps the template generation in (apps/v1 conversion of spec.templateGeneration). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** intstr.IntOrString. */
export type IntOrString = number | string;

/** apps/v1 DaemonSetSpec, with upstream's defaults (RollingUpdate, maxUnavailable 1, maxSurge 0, 10 revisions kept). */
export interface DaemonSetSpec {
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplate;
  readonly minReadySeconds: number;
  readonly revisionHistoryLimit: number;
  readonly updateStrategy: { readonly type: string; readonly maxUnavailable: IntOrString; readonly maxSurge: IntOrString };
}

export function daemonSetSpec(ds: KubeObject): DaemonSetSpec {
  const spec = (ds['spec'] ?? {}) as {
    selector?: LabelSelector;
    template?: PodTemplate;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  };
  const type = spec.updateStrategy?.type || 'RollingUpdate';
  const rolling = spec.updateStrategy?.rollingUpdate;
  return {
    selector: spec.selector,
    template: spec.template ?? {},
    minReadySeconds: spec.minReadySeconds ?? 0,
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    updateStrategy: { type, maxUnavailable: rolling?.maxUnavailable ?? 1, maxSurge: rolling?.maxSurge ?? 0 },
  };
}

/** apps/v1 DaemonSetStatus. */
export interface DaemonSetStatus {
  readonly currentNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly desiredNumberScheduled: number;
  readonly numberReady: number;
  readonly observedGeneration?: number;
  readonly updatedNumberScheduled?: number;
  readonly numberAvailable?: number;
  readonly numberUnavailable?: number;
  readonly collisionCount?: number;
  readonly [field: string]: unknown;
}

/** A DaemonSet's status as stored. */
export const daemonSetStatusOf = (ds: KubeObject): Partial<DaemonSetStatus> => (ds['status'] ?? {}) as Partial<DaemonSetStatus>;

/** The template generation the apiserver recorded (util.GetTemplateGeneration); undefined when absent or unreadable. */
export function templateGenerationOf(ds: KubeObject): number | undefined {
  const raw = (ds.metadata?.['annotations'] as Record<string, string> | undefined)?.[TEMPLATE_GENERATION_ANNOTATION];
  if (raw === undefined) return undefined;
  const generation = Number(raw);
  return Number.isSafeInteger(generation) ? generation : undefined;
}

/** A DaemonSet as the event recorder describes it (list items may come without kind and apiVersion). */
export const asDaemonSet = (ds: KubeObject): KubeObject => ({ ...ds, apiVersion: DAEMONSET_KIND.apiVersion, kind: DAEMONSET_KIND.kind });

/** Splits a work-queue key `<namespace>/<name>`. */
export function splitKey(key: string): { readonly namespace: string; readonly name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
