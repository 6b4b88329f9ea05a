import type { FieldError, KubeObject } from '@kubeledger/api';
import { validateTemplate } from '../apps/validate-workload.js';
import { defaultPodSpec } from '../core/pods/pod-defaults.js';
import type { PodTemplateSpec } from '../core/pods/pod-types.js';
import { defaultStrategy } from '../default-strategy.js';
import type { ResourceDefinition } from '../resource-definition.js';
import type { ResourceStrategy } from '../strategy.js';
import { immutable, invalidValue, nonNegative, notSupported, required } from '../validation/field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../validation/label-selector.js';

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
  const template = (spec['template'] ??= {}) as PodTemplateSpec;
  defaultPodSpec((template.spec ??= {}));
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

/** ValidateJobSpec: the counts, the selector and the template. */
function validateJobSpec(job: KubeObject): FieldError[] {
  const spec = (job['spec'] ?? {}) as Spec;
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) errs.push(...nonNegative(`spec.${field}`, spec[field]));
  const mode = spec['completionMode'] as string | undefined;
  if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  const selector = spec['selector'] as LabelSelector | undefined;
  const template = spec['template'] as PodTemplateSpec | undefined;
  if (!selector) errs.push(required('spec.selector'), ...validateTemplate(template, null, 'spec.template', ['OnFailure', 'Never']));
  else {
    const selectorErrors = validateLabelSelector(selector, 'spec.selector');
    errs.push(...selectorErrors);
    if (selectorErrors.length) errs.push(invalidValue('spec.selector', selector, 'invalid label selector'));
    else errs.push(...validateTemplate(template, selector, 'spec.template', ['OnFailure', 'Never']));
  }
  return errs;
}
