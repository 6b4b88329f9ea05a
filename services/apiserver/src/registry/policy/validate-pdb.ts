import type { FieldError, KubeObject } from '@kubeledger/api';
import { invalidValue, nonNegative, notSupported } from '../validation/field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../validation/label-selector.js';

/** policy.PodDisruptionBudgetSpec as stored. */
export interface PdbSpec {
  readonly minAvailable?: number | string | null;
  readonly maxUnavailable?: number | string | null;
  readonly selector?: LabelSelector | null;
  readonly unhealthyPodEvictionPolicy?: string | null;
}

/** The values of `spec.unhealthyPodEvictionPolicy`, sorted as upstream's set lists them. */
export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

const PERCENT = /^[0-9]+%$/;

/** ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation): one of minAvailable / maxUnavailable, each an int or percent ≥ 0 and ≤ 100%; the selector; the eviction policy. */
export function validatePdbSpec(pdb: KubeObject): FieldError[] {
  const spec = (pdb['spec'] ?? {}) as PdbSpec;
  const errs: FieldError[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) errs.push(invalidValue('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const value = spec[field];
    if (set(value)) errs.push(...positiveIntOrPercent(value!, `spec.${field}`), ...notMoreThan100Percent(value!, `spec.${field}`));
  }
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (set(policy) && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly string[]).includes(policy!)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

/** ValidatePodDisruptionBudgetStatusUpdate (policy/v1): the counts are never negative. */
export function validatePdbStatus(pdb: KubeObject): FieldError[] {
  const status = (pdb['status'] ?? {}) as Record<string, unknown>;
  return ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((field) => nonNegative(`status.${field}`, status[field]));
}

/** appsvalidation.ValidatePositiveIntOrPercent. */
function positiveIntOrPercent(value: number | string, path: string): FieldError[] {
  if (typeof value === 'number') return nonNegative(path, value);
  if (PERCENT.test(value)) return [];
  return [invalidValue(path, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
}

/** appsvalidation.IsNotMoreThan100Percent. */
function notMoreThan100Percent(value: number | string, path: string): FieldError[] {
  if (typeof value !== 'string' || !PERCENT.test(value) || parseInt(value, 10) <= 100) return [];
  return [invalidValue(path, value, 'must not be greater than 100%')];
}
