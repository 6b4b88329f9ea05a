import type { FieldError } from '@kubeledger/api';
import { invalidValue, nonNegative, notSupported, required } from '../validation/field-errors.js';

type Spec = Record<string, unknown>;

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent. */
function positiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return nonNegative(path, value);
  if (typeof value === 'string') return PERCENT.test(value) ? [] : [invalidValue(path, value, PERCENT_MESSAGE)];
  return [invalidValue(path, value, "must be an integer or percentage (e.g '5%%')")];
}

/** getIntOrPercentValue: a percentage's number, an integer, or the integer a string spells (0 when none). */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (PERCENT.test(value)) return parseInt(value, 10);
  return /^-?\d+$/.test(value) ? parseInt(value, 10) : 0;
}

const moreThan100Percent = (value: unknown, path: string): FieldError[] =>
  typeof value === 'string' && PERCENT.test(value) && parseInt(value, 10) > 100 ? [invalidValue(path, value, 'must not be greater than 100%')] : [];

/**
 * ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet: `OnDelete`, or
 * `RollingUpdate` with maxUnavailable and maxSurge non-negative integers or percentages up to
 * 100%, exactly one of them non-zero.
 */
export function validateDaemonSetStrategy(spec: Spec): FieldError[] {
  const strategy = (spec['updateStrategy'] ?? {}) as Spec;
  const type = strategy['type'];
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [notSupported('spec.updateStrategy', type ?? '', ['RollingUpdate', 'OnDelete'])];
  const rolling = strategy['rollingUpdate'] as Spec | undefined;
  if (!rolling) return [required('spec.updateStrategy.rollingUpdate')];
  const path = 'spec.updateStrategy.rollingUpdate';
  const [unavailable, surge] = [rolling['maxUnavailable'], rolling['maxSurge']];
  const errs = [
    ...positiveIntOrPercent(unavailable, `${path}.maxUnavailable`),
    ...positiveIntOrPercent(surge, `${path}.maxSurge`),
    ...moreThan100Percent(unavailable, `${path}.maxUnavailable`),
    ...moreThan100Percent(surge, `${path}.maxSurge`),
  ];
  const [hasUnavailable, hasSurge] = [intOrPercentValue(unavailable) !== 0, intOrPercentValue(surge) !== 0];
  if (hasUnavailable && hasSurge) errs.push(invalidValue(`${path}.maxSurge`, surge, 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}
