import type { FieldError, KubeObject } from '@kubeledger/api';
import { validateTemplate } from '../apps/validate-workload.js';
import { defaultPodSpec } from '../core/pods/pod-defaults.js';
import type { PodTemplateSpec } from '../core/pods/pod-types.js';
import { defaultStrategy } from '../default-strategy.js';
import type { ResourceDefinition } from '../resource-definition.js';
import type { ResourceStrategy } from '../strategy.js';
import { immutable, invalidValue, nonNegative, notSupported, required } from '../validation/field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../validation/label-selector.js';
import { defaultPodFailurePolicy, validatePodFailurePolicy } from './validate-pod-failure-policy.js';
import { validateSuccessPolicy } from './validate-success-policy.js';

type Spec = Record<string, unknown>;

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';

/**
 * Jobs (pkg/registry/batch/job/strategy.go): defaults, the generated selector (the job's uid in
 * its pods' labels, unless `manualSelector`), pods that restart OnFailure or Never, and a
 * selector, completions, completion mode and template that stay as created.
 */
export function jobStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def);
  return {
    ...base,
    prepareForCreate(job) {
      base.prepareForCreate(job);
      defaultJob(job);
      if ((job['spec'] as Spec)['manualSelector'] !== true) generateSelector(job);
    },
    validate(job) {
      return [...base.validate(job), ...validateJobSpec(job)];
    },
    prepareForUpdate(job, old) {
      defaultJob(job);
      base.prepareForUpdate(job, old);
    },
    validateUpdate(job, old) {
      const spec = (job['spec'] ?? {}) as Spec;
      const before = (old['spec'] ?? {}) as Spec;
      return [
        ...base.validateUpdate(job, old),
        ...validateJobSpec(job),
        ...immutable('spec.completions', spec['completions'], before['completions']),
        ...immutable('spec.selector', spec['selector'], before['selector']),
        ...immutable('spec.template', spec['template'], before['template']),
        ...immutable('spec.completionMode', spec['completionMode'], before['completionMode']),
        ...immutable('spec.successPolicy', spec['successPolicy'], before['successPolicy']),
      ];
    },
  };
}

/** SetDefaults_Job (pkg/apis/batch/v1/defaults.go). */
function defaultJob(job: KubeObject): void {
  const spec = (job['spec'] ??= {}) as Spec;
  if (spec['completions'] === undefined && spec['parallelism'] === undefined) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  spec['parallelism'] ??= 1;
  spec['backoffLimit'] ??= spec['backoffLimitPerIndex'] === undefined ? 6 : 2147483647;
  spec['completionMode'] ||= 'NonIndexed';
  spec['suspend'] ??= false;
  spec['podReplacementPolicy'] ||= spec['podFailurePolicy'] ? 'Failed' : 'TerminatingOrFailed';
  defaultPodFailurePolicy(spec);
  const template = (spec['template'] ??= {}) as PodTemplateSpec;
  defaultPodSpec((template.spec ??= {}));
}

/** Upstream's limits on backoffLimitPerIndex Jobs. */
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const HIGH_COMPLETIONS_LIMIT = 10_000;

/**
 * ValidateJobSpec on `backoffLimitPerIndex` and `maxFailedIndexes`: Indexed Jobs only; the second
 * needs the first, and at most `completions` (and 100000) failed indexes; above 100000 completions,
 * `maxFailedIndexes` (at most 10000) is required and `parallelism` at most 10000.
 */
function validateBackoffLimitPerIndex(spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  const perIndex = spec['backoffLimitPerIndex'] as number | undefined | null;
  const maxFailed = spec['maxFailedIndexes'] as number | undefined | null;
  const completions = spec['completions'] as number | undefined | null;
  const parallelism = spec['parallelism'] as number | undefined | null;
  const has = (v: unknown): v is number => typeof v === 'number';
  if (has(maxFailed) && !has(perIndex)) errs.push(required('spec.backoffLimitPerIndex', 'when maxFailedIndexes is specified'));
  if (spec['completionMode'] === 'Indexed') {
    if (has(completions) && has(maxFailed) && maxFailed > completions) errs.push(invalidValue('spec.maxFailedIndexes', maxFailed, 'must be less than or equal to completions'));
    if (has(maxFailed) && maxFailed > MAX_FAILED_INDEXES) errs.push(invalidValue('spec.maxFailedIndexes', maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
    if (has(completions) && completions > COMPLETIONS_SOFT_LIMIT && has(perIndex)) {
      const when = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
      if (!has(maxFailed)) errs.push(required('spec.maxFailedIndexes', `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
      if (has(parallelism) && parallelism > HIGH_COMPLETIONS_LIMIT) errs.push(invalidValue('spec.parallelism', parallelism, `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${when}`));
      if (has(maxFailed) && maxFailed > HIGH_COMPLETIONS_LIMIT) errs.push(invalidValue('spec.maxFailedIndexes', maxFailed, `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${when}`));
    }
  } else {
    if (has(perIndex)) errs.push(invalidValue('spec.backoffLimitPerIndex', perIndex, 'requires indexed completion mode'));
    if (has(maxFailed)) errs.push(invalidValue('spec.maxFailedIndexes', maxFailed, 'requires indexed completion mode'));
  }
  return errs;
}

/** generateSelector: the job's name and uid in its pods' labels (new and legacy keys), the uid in its selector. */
function generateSelector(job: KubeObject): void {
  const spec = job['spec'] as Spec;
  const template = spec['template'] as PodTemplateSpec;
  const labels = ((template.metadata ??= {}).labels ??= {});
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) labels[key] ??= name;
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) labels[key] ??= uid;
  const selector = (spec['selector'] ??= {}) as { matchLabels?: Record<string, string> };
  (selector.matchLabels ??= {})[CONTROLLER_UID] ??= uid;
}

/** ValidateJobSpec: the counts, the selector, the template, the pod failure policy (with restartPolicy Never, replacing only Failed pods), the success policy, and the pod replacement policy. */
function validateJobSpec(job: KubeObject): FieldError[] {
  const spec = (job['spec'] ?? {}) as Spec;
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) errs.push(...nonNegative(`spec.${field}`, spec[field]));
  const mode = spec['completionMode'] as string | undefined;
  if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  errs.push(...validateBackoffLimitPerIndex(spec));
  const selector = spec['selector'] as LabelSelector | undefined;
  const template = spec['template'] as PodTemplateSpec | undefined;
  if (!selector) errs.push(required('spec.selector'), ...validateTemplate(template, null, 'spec.template', ['OnFailure', 'Never']));
  else {
    const selectorErrors = validateLabelSelector(selector, 'spec.selector');
    errs.push(...selectorErrors);
    if (selectorErrors.length) errs.push(invalidValue('spec.selector', selector, 'invalid label selector'));
    else errs.push(...validateTemplate(template, selector, 'spec.template', ['OnFailure', 'Never']));
  }
  if (spec['podFailurePolicy']) errs.push(...validatePodFailurePolicy(spec, 'spec.podFailurePolicy'));
  if (spec['successPolicy']) errs.push(...validateSuccessPolicy(spec, 'spec.successPolicy'));
  errs.push(...validatePodReplacementPolicy(spec));
  const restart = template?.spec?.restartPolicy;
  // Only a restartPolicy validateTemplate accepted (OnFailure) gets this error, as upstream.
  if (spec['podFailurePolicy'] && restart === 'OnFailure') errs.push(invalidValue('spec.template.spec.restartPolicy', restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** Upstream's sorted supportedPodReplacementPolicy. */
const POD_REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** validatePodReplacementPolicy: one of the policies; with a podFailurePolicy, only Failed. */
function validatePodReplacementPolicy(spec: Spec): FieldError[] {
  const policy = spec['podReplacementPolicy'];
  if (policy === undefined || policy === null) return [];
  const supported = spec['podFailurePolicy'] ? ['Failed'] : POD_REPLACEMENT_POLICIES;
  return supported.includes(policy as string) ? [] : [notSupported('spec.podReplacementPolicy', policy, supported)];
}
