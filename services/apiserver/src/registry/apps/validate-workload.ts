import type { FieldError, KubeObject } from '@kubeledger/api';
import type { PodTemplateSpec } from '../core/pods/pod-types.js';
import { validatePodSpec } from '../core/pods/validate-pod-spec.js';
import { forbidden, immutable, invalidValue, nonNegative, notSupported, required, sameValue } from '../validation/field-errors.js';
import { isEmptySelector, selectorMatches, validateLabels, validateLabelSelector, type LabelSelector } from '../validation/label-selector.js';
import { validateDaemonSetStrategy } from './validate-daemonset-strategy.js';

type Spec = Record<string, unknown>;

/** What each kind's "empty selector" message names (upstream's ReplicaSet message says deployment too). */
const EMPTY_SELECTOR_OF: Record<string, string> = { Deployment: 'deployment', ReplicaSet: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset' };

/** The StatefulSet spec fields an update may change (ValidateStatefulSetUpdate). */
const STATEFULSET_UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/**
 * ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec:
 * replicas ≥ 0, a non-empty valid selector that matches the template's labels, and a pod
 * template whose pods restart Always.
 */
export function validateWorkload(kind: string, object: KubeObject): FieldError[] {
  const spec = (object['spec'] ?? {}) as Spec;
  const errs: FieldError[] = [];
  if (kind !== 'DaemonSet') errs.push(...nonNegative('spec.replicas', spec['replicas']));
  const selector = spec['selector'] as LabelSelector | undefined;
  const template = spec['template'] as PodTemplateSpec | undefined;
  if (!selector) {
    // No selector selects nothing, so the template's labels cannot match it either (as upstream reports).
    errs.push(required('spec.selector'), ...validateTemplate(template, null, 'spec.template', ['Always']));
  } else {
    const selectorErrors = validateLabelSelector(selector, 'spec.selector');
    errs.push(...selectorErrors);
    if (isEmptySelector(selector)) errs.push(invalidValue('spec.selector', selector, `empty selector is invalid for ${EMPTY_SELECTOR_OF[kind]}`));
    if (selectorErrors.length) errs.push(invalidValue('spec.selector', selector, 'invalid label selector'));
    else errs.push(...validateTemplate(template, selector, 'spec.template', ['Always']));
  }
  for (const field of ['minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) errs.push(...nonNegative(`spec.${field}`, spec[field]));
  if (kind === 'Deployment') errs.push(...validateDeploymentStrategy(spec));
  if (kind === 'DaemonSet') errs.push(...validateDaemonSetStrategy(spec));
  return errs;
}

/**
 * ValidatePodTemplateSpecFor…: the selector (null: one that selects nothing) must match the
 * template's labels, the template's pod spec is valid and restarts as `restartPolicies` allow
 * (workloads: Always; jobs: OnFailure, Never).
 */
export function validateTemplate(template: PodTemplateSpec | undefined, selector: LabelSelector | null, path: string, restartPolicies: readonly string[]): FieldError[] {
  if (!template) return [required(path)];
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels ?? {};
  if (selector === null || (!isEmptySelector(selector) && !selectorMatches(selector, labels))) {
    errs.push(invalidValue(`${path}.metadata.labels`, template.metadata?.labels ?? null, '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(labels, `${path}.metadata.labels`));
  const podSpec = template.spec ?? {};
  errs.push(...validatePodSpec(podSpec, `${path}.spec`));
  const restart = podSpec.restartPolicy;
  if (restart && !restartPolicies.includes(restart)) errs.push(notSupported(`${path}.spec.restartPolicy`, restart, restartPolicies));
  if (restartPolicies.includes('Always') && podSpec.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

/** ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
function validateDeploymentStrategy(spec: Spec): FieldError[] {
  const strategy = (spec['strategy'] ?? {}) as Spec;
  const errs: FieldError[] = [];
  const type = strategy['type'] as string | undefined;
  const rolling = strategy['rollingUpdate'] as Spec | undefined;
  if (type === 'Recreate') {
    if (rolling) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    if (!rolling) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else {
      const surge = rolling['maxSurge'];
      const unavailable = rolling['maxUnavailable'];
      errs.push(...intOrPercent(surge, 'spec.strategy.rollingUpdate.maxSurge'), ...intOrPercent(unavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
      if (isZero(surge) && isZero(unavailable)) errs.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', unavailable, 'may not be 0 when `maxSurge` is 0'));
      if (typeof unavailable === 'string' && /^\d+%$/.test(unavailable) && parseInt(unavailable, 10) > 100) {
        errs.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', unavailable, 'must not be greater than 100%'));
      }
    }
  } else if (type !== undefined) {
    errs.push(notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
  }
  const deadline = spec['progressDeadlineSeconds'];
  if (typeof deadline === 'number' && deadline <= ((spec['minReadySeconds'] as number | undefined) ?? 0)) {
    errs.push(invalidValue('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%' || v === '0';

function intOrPercent(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return nonNegative(path, value);
  if (typeof value === 'string' && /^\d+%$/.test(value)) return [];
  return [invalidValue(path, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
}

/** The update rules: apps/v1 selectors are immutable; a StatefulSet may change only some of its spec. */
export function validateWorkloadUpdate(kind: string, object: KubeObject, old: KubeObject): FieldError[] {
  const spec = (object['spec'] ?? {}) as Spec;
  const oldSpec = (old['spec'] ?? {}) as Spec;
  if (kind === 'StatefulSet') {
    const changed = Object.keys({ ...spec, ...oldSpec }).some((k) => !STATEFULSET_UPDATABLE.includes(k) && !sameValue(spec[k], oldSpec[k]));
    return changed
      ? [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")]
      : [];
  }
  return immutable('spec.selector', spec['selector'], oldSpec['selector']);
}
