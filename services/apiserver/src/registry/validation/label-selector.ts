import { isQualifiedName, isValidLabelValue, matchesLabels, type FieldError, type LabelRequirement } from '@kubeledger/api';
import { forbidden, invalidValue, required } from './field-errors.js';

/** metav1.LabelSelector, as workloads carry it in `spec.selector`. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** metav1 ValidateLabelSelector, with upstream's paths and messages. */
export function validateLabelSelector(selector: LabelSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (!expr.values?.length) errs.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (expr.values?.length) errs.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalidValue(`${at}.operator`, expr.operator, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(expr.key)) errs.push(invalidValue(`${at}.key`, expr.key, msg));
  });
  errs.push(...validateLabels(selector.matchLabels ?? {}, `${path}.matchLabels`));
  return errs;
}

/** ValidateLabels: keys are qualified names, values label values. */
export function validateLabels(labels: Readonly<Record<string, string>>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of isQualifiedName(key)) errs.push(invalidValue(path, key, msg));
    for (const msg of isValidLabelValue(String(value))) errs.push(invalidValue(path, value, msg));
  }
  return errs;
}

/** LabelSelectorAsSelector: the requirements, sorted by key as upstream's selector keeps them. */
export function selectorRequirements(selector: LabelSelector): LabelRequirement[] {
  const reqs: LabelRequirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, op: 'in' as const, values: [value] }));
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') reqs.push({ key: e.key, op: 'in', values: [...(e.values ?? [])] });
    else if (e.operator === 'NotIn') reqs.push({ key: e.key, op: 'notin', values: [...(e.values ?? [])] });
    else if (e.operator === 'Exists') reqs.push({ key: e.key, op: 'exists' });
    else if (e.operator === 'DoesNotExist') reqs.push({ key: e.key, op: '!' });
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether a selector matches these labels (an empty selector matches everything). */
export const selectorMatches = (selector: LabelSelector, labels: Readonly<Record<string, string>> = {}): boolean => matchesLabels(selectorRequirements(selector), labels);

/** labels.Selector.String(): `app=web,tier in (a,b),!gone` — what a Scale's status.selector carries. */
export function selectorString(selector: LabelSelector): string {
  const terms: Array<[string, string]> = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => [key, `${key}=${value}`]);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') terms.push([e.key, `${e.key} in (${values})`]);
    else if (e.operator === 'NotIn') terms.push([e.key, `${e.key} notin (${values})`]);
    else if (e.operator === 'Exists') terms.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') terms.push([e.key, `!${e.key}`]);
  }
  return terms
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, term]) => term)
    .join(',');
}

/** Whether a selector selects nothing in particular (no labels, no expressions). */
export const isEmptySelector = (selector: LabelSelector): boolean => Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
