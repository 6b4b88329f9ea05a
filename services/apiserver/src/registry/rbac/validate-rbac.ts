import { FieldErrorTypes, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName, type FieldError, type KubeObject } from '@kubeledger/api';
import { selectorAsRequirements } from '../../authorization/rbac/aggregation.js';
import { goQuote } from '../../authorization/rbac/go-quote.js';
import { clusterRoleSelectorsOf, RBAC_GROUP, roleRefOf, subjectsOf, toPolicyRule, type RoleRef, type Subject } from '../../authorization/rbac/rbac-types.js';
import { invalidValue, notSupported, required } from '../validation/field-errors.js';
import { validateLabelSelector, type LabelSelector } from '../validation/label-selector.js';

// pkg/apis/rbac/validation: what Roles, ClusterRoles and their bindings must be, with upstream's
// paths and messages. Names of roles and bindings (and roleRef.name) need only be path segments.

/** field.Invalid with a value Go prints with %#v (`[]string{"/x"}`, `rbac.RoleRef{...}`): the text is upstream's. */
const invalidGoValue = (field: string, goValue: string, detail: string): FieldError => ({ type: FieldErrorTypes.invalid, field, detail: `${goValue}: ${detail}` });
const goStrings = (list: readonly string[]): string => `[]string{${list.map(goQuote).join(', ')}}`;
const goRoleRef = (r: RoleRef): string => `rbac.RoleRef{APIGroup:${goQuote(r.apiGroup)}, Kind:${goQuote(r.kind)}, Name:${goQuote(r.name)}}`;

/** ValidatePolicyRule: verbs always; then either non-resource URLs (cluster roles only, nothing else) or groups and resources. */
export function validatePolicyRule(raw: unknown, namespaced: boolean, path: string): FieldError[] {
  const rule = toPolicyRule(raw);
  const errs: FieldError[] = [];
  if (rule.verbs.length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) errs.push(invalidGoValue(`${path}.nonResourceURLs`, goStrings(rule.nonResourceURLs), 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errs.push(invalidGoValue(`${path}.nonResourceURLs`, goStrings(rule.nonResourceURLs), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!rule.apiGroups?.length) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

/** The rules of a Role (namespaced: no non-resource URLs) or ClusterRole. */
export function validateRules(object: KubeObject, namespaced: boolean): FieldError[] {
  const rules = Array.isArray(object['rules']) ? (object['rules'] as unknown[]) : [];
  return rules.flatMap((rule, i) => validatePolicyRule(rule, namespaced, `rules[${i}]`));
}

/** Whether metav1.LabelSelectorAsSelector accepts the selector. */
function convertible(selector: LabelSelector): boolean {
  if (selectorAsRequirements(selector) === undefined) return false;
  const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
  const values = [...Object.values(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).flatMap((e) => e.values ?? [])];
  return keys.every((k) => isQualifiedName(k).length === 0) && values.every((v) => isValidLabelValue(String(v)).length === 0);
}

/** A ClusterRole's aggregationRule: at least one selector, each a valid label selector. */
export function validateAggregationRule(object: KubeObject): FieldError[] {
  const selectors = clusterRoleSelectorsOf(object);
  if (selectors === undefined) return [];
  const path = 'aggregationRule.clusterRoleSelectors';
  if (selectors.length === 0) return [required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((selector, i) => [
    ...validateLabelSelector(selector ?? {}, `${path}[${i}]`),
    // LabelSelectorAsSelector failed: upstream reports the nil selector it got back.
    ...(convertible(selector ?? {}) ? [] : [invalidValue(`${path}[${i}]`, 'null', 'invalid label selector.')]),
  ]);
}

/** ValidateRoleBindingSubject: a name; ServiceAccounts with no apiGroup (and, in ClusterRoleBindings, a namespace); Users and Groups in rbac.authorization.k8s.io. */
export function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!subject.name) errs.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) for (const msg of isDNS1123Subdomain(subject.name)) errs.push(invalidValue(`${path}.name`, subject.name, msg));
      if (subject.apiGroup) errs.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace) errs.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if ((subject.apiGroup ?? '') !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, subject.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding, beyond metadata: the roleRef and the subjects. */
export function validateBinding(object: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const roleRef = roleRefOf(object);
  if (roleRef.apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', roleRef.apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind)) errs.push(notSupported('roleRef.kind', roleRef.kind, kinds));
  if (!roleRef.name) errs.push(required('roleRef.name'));
  else for (const msg of isValidPathSegmentName(roleRef.name)) errs.push(invalidValue('roleRef.name', roleRef.name, msg));
  subjectsOf(object).forEach((subject, i) => errs.push(...validateSubject(subject, namespaced, `subjects[${i}]`)));
  return errs;
}

/** ValidateRoleBindingUpdate: the roleRef never changes (a binding to another role is a new binding). */
export function validateRoleRefUnchanged(object: KubeObject, old: KubeObject): FieldError[] {
  const now = roleRefOf(object);
  const before = roleRefOf(old);
  const same = now.apiGroup === before.apiGroup && now.kind === before.kind && now.name === before.name;
  return same ? [] : [invalidGoValue('roleRef', goRoleRef(now), 'cannot change roleRef')];
}
