import type { KubeObject } from '@kubeledger/api';
import type { OwnerKind } from '../controller-utils/controller-ref.js';
import type { LabelSelector } from '../controller-utils/label-selector.js';
import type { PodTemplate } from '../replicaset/replicaset-spec.js';
import type { PodFailurePolicy } from './pod-failure-policy.js';
import type { SuccessPolicy } from './success-policy.js';

/** What a Job's pods are owned as. */
export const JOB_KIND: OwnerKind = { apiVersion: 'batch/v1', kind: 'Job' };
/** The finalizer that keeps a pod until the Job controller counted it (batch.JobTrackingFinalizer). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** An Indexed Job's pod's index: annotation, label and env variable. */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** An Indexed Job's pod's count of the earlier failures (and of the ignored ones) of its index (backoffLimitPerIndex). */
export const INDEX_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** batch/v1 JobSpec as the apiserver defaults it (pkg/apis/batch/v1/defaults.go). */
export interface JobSpec {
  readonly parallelism: number;
  /** Unset: the Job is done once any pod succeeded (a work queue). */
  readonly completions: number | undefined;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number | undefined;
  readonly completionMode: 'NonIndexed' | 'Indexed' | string;
  readonly suspend: boolean;
  readonly podReplacementPolicy: string;
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplate;
  readonly managedBy: string | undefined;
  readonly podFailurePolicy: PodFailurePolicy | undefined;
  readonly backoffLimitPerIndex: number | undefined;
  readonly maxFailedIndexes: number | undefined;
  readonly successPolicy: SuccessPolicy | undefined;
}

export interface JobCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastProbeTime?: string;
  readonly lastTransitionTime?: string;
}

/** batch/v1 JobStatus (the fields this controller writes). */
export interface JobStatus {
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly active?: number;
  readonly ready?: number;
  readonly terminating?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly completedIndexes?: string;
  readonly failedIndexes?: string;
  readonly uncountedTerminatedPods?: { readonly succeeded?: readonly string[]; readonly failed?: readonly string[] };
  readonly conditions?: readonly JobCondition[];
  readonly [field: string]: unknown;
}

export function jobSpec(job: KubeObject): JobSpec {
  const spec = (job['spec'] ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    parallelism: num(spec['parallelism']) ?? 1,
    completions: num(spec['completions']),
    backoffLimit: num(spec['backoffLimit']) ?? 6,
    activeDeadlineSeconds: num(spec['activeDeadlineSeconds']),
    completionMode: (spec['completionMode'] as string | undefined) || 'NonIndexed',
    suspend: spec['suspend'] === true,
    podReplacementPolicy: (spec['podReplacementPolicy'] as string | undefined) || 'TerminatingOrFailed',
    selector: spec['selector'] as LabelSelector | undefined,
    template: (spec['template'] ?? {}) as PodTemplate,
    managedBy: spec['managedBy'] as string | undefined,
    podFailurePolicy: (spec['podFailurePolicy'] ?? undefined) as PodFailurePolicy | undefined,
    backoffLimitPerIndex: num(spec['backoffLimitPerIndex']),
    maxFailedIndexes: num(spec['maxFailedIndexes']),
    successPolicy: (spec['successPolicy'] ?? undefined) as SuccessPolicy | undefined,
  };
}

export const jobStatus = (job: KubeObject): JobStatus => (job['status'] ?? {}) as JobStatus;

/** The Indexed completion mode needs a number of completions (validation guarantees it). */
/** Upstream's `onlyReplaceFailedPods`: `podReplacementPolicy: Failed`, or a pod failure policy. */
export const onlyReplaceFailedPods = (spec: JobSpec): boolean => spec.podReplacementPolicy === 'Failed' || spec.podFailurePolicy !== undefined;

export const isIndexedJob = (spec: JobSpec): spec is JobSpec & { completions: number } => spec.completionMode === 'Indexed' && spec.completions !== undefined;

/** An Indexed Job whose indexes each have their own backoff limit (upstream's `hasBackoffLimitPerIndex`). */
export const hasBackoffLimitPerIndex = (spec: JobSpec): spec is JobSpec & { completions: number; backoffLimitPerIndex: number } => isIndexedJob(spec) && spec.backoffLimitPerIndex !== undefined;

/** A Job as the event recorder describes it (list items may come without kind and apiVersion). */
export const asJob = (job: KubeObject): KubeObject => ({ ...job, apiVersion: JOB_KIND.apiVersion, kind: JOB_KIND.kind });

export const hasTrackingFinalizer = (pod: KubeObject): boolean => ((pod.metadata?.['finalizers'] as string[] | undefined) ?? []).includes(JOB_TRACKING_FINALIZER);

/** The controller upstream leaves Jobs to when `spec.managedBy` names another one. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
