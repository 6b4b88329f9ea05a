import { FieldErrorTypes, isQualifiedName, type FieldError } from '@kubeledger/api';
import { duplicate, invalidValue, notSupported, required } from '../validation/field-errors.js';

/** Upstream's limits (pkg/apis/batch/validation). */
const MAX_RULES = 20;
const MAX_ON_POD_CONDITIONS = 20;
const MAX_EXIT_CODE_VALUES = 255;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'] as const;
const OPERATORS = ['In', 'NotIn'] as const;
const CONDITION_STATUSES = ['False', 'True', 'Unknown'] as const;

type Obj = Record<string, unknown>;

const tooMany = (field: string, actual: number, max: number): FieldError => ({ type: FieldErrorTypes.tooMany, field, badValue: actual, detail: `must have at most ${max} items` });
const quoted = (values: readonly string[]) => `valid values: [${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/**
 * Upstream's `validatePodFailurePolicy`: at most 20 rules; each with an action (FailIndex only with
 * `backoffLimitPerIndex`), and exactly one of `onExitCodes` (operator In/NotIn, a container or
 * initContainer of the template, 1–255 ordered unique values, no 0 for In) and `onPodConditions`
 * (at most 20 patterns: a qualified type, status True/False/Unknown).
 */
export function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const policy = (spec['podFailurePolicy'] ?? {}) as { rules?: unknown };
  const rules = Array.isArray(policy.rules) ? (policy.rules as Obj[]) : [];
  const errs: FieldError[] = [];
  const rulesPath = `${path}.rules`;
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_RULES));
  const podSpec = ((spec['template'] as Obj | undefined)?.['spec'] ?? {}) as { containers?: Array<{ name?: string }>; initContainers?: Array<{ name?: string }> };
  const containerNames = new Set([...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map((c) => c.name));
  rules.forEach((rule, i) => errs.push(...validateRule(spec, rule ?? {}, `${rulesPath}[${i}]`, containerNames)));
  return errs;
}

function validateRule(spec: Obj, rule: Obj, path: string, containerNames: ReadonlySet<string | undefined>): FieldError[] {
  const errs: FieldError[] = [];
  const action = rule['action'] as string | undefined;
  if (!action) errs.push(required(`${path}.action`, quoted(ACTIONS)));
  else if (action === 'FailIndex') {
    if (spec['backoffLimitPerIndex'] === undefined || spec['backoffLimitPerIndex'] === null) errs.push(invalidValue(`${path}.action`, action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!(ACTIONS as readonly string[]).includes(action)) errs.push(notSupported(`${path}.action`, action, ACTIONS));
  const onExitCodes = rule['onExitCodes'] as Obj | undefined | null;
  const onPodConditions = (Array.isArray(rule['onPodConditions']) ? rule['onPodConditions'] : []) as Obj[];
  if (onExitCodes) errs.push(...validateOnExitCodes(onExitCodes, `${path}.onExitCodes`, containerNames));
  if (onPodConditions.length > 0) errs.push(...validateOnPodConditions(onPodConditions, `${path}.onPodConditions`));
  if (onExitCodes && onPodConditions.length > 0) errs.push({ type: FieldErrorTypes.invalid, field: path, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
  if (!onExitCodes && onPodConditions.length === 0) errs.push({ type: FieldErrorTypes.invalid, field: path, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
  return errs;
}

function validateOnPodConditions(patterns: readonly Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_ON_POD_CONDITIONS) errs.push(tooMany(path, patterns.length, MAX_ON_POD_CONDITIONS));
  patterns.forEach((pattern, j) => {
    const type = String(pattern['type'] ?? '');
    for (const msg of isQualifiedName(type)) errs.push(invalidValue(`${path}[${j}].type`, type, msg));
    const status = pattern['status'] as string | undefined;
    if (!status) errs.push(required(`${path}[${j}].status`, quoted(CONDITION_STATUSES)));
    else if (!(CONDITION_STATUSES as readonly string[]).includes(status)) errs.push(notSupported(`${path}[${j}].status`, status, CONDITION_STATUSES));
  });
  return errs;
}

function validateOnExitCodes(req: Obj, path: string, containerNames: ReadonlySet<string | undefined>): FieldError[] {
  const errs: FieldError[] = [];
  const operator = req['operator'] as string | undefined;
  if (!operator) errs.push(required(`${path}.operator`, quoted(OPERATORS)));
  else if (!(OPERATORS as readonly string[]).includes(operator)) errs.push(notSupported(`${path}.operator`, operator, OPERATORS));
  const containerName = req['containerName'];
  if (typeof containerName === 'string' && !containerNames.has(containerName)) errs.push(invalidValue(`${path}.containerName`, containerName, 'must be one of the container or initContainer names in the pod template'));
  const values = (Array.isArray(req['values']) ? req['values'] : []) as number[];
  if (values.length === 0) errs.push(invalidValue(`${path}.values`, values, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(`${path}.values`, values.length, MAX_EXIT_CODE_VALUES));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((value, j) => {
    if (operator === 'In' && value === 0) errs.push(invalidValue(`${path}.values[${j}]`, value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errs.push(duplicate(`${path}.values[${j}]`, value));
    else seen.add(value);
    if (j > 0 && values[j - 1]! > value) ordered = false;
  });
  if (!ordered) errs.push(invalidValue(`${path}.values`, values, 'must be ordered'));
  return errs;
}

/** SetDefaults_PodFailurePolicyOnPodConditionsPattern: a pattern's status defaults to True. */
export function defaultPodFailurePolicy(spec: Obj): void {
  const rules = (spec['podFailurePolicy'] as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return;
  for (const rule of rules as Obj[]) {
    const patterns = rule?.['onPodConditions'];
    if (Array.isArray(patterns)) for (const p of patterns as Obj[]) if (p && !p['status']) p['status'] = 'True';
  }
}
