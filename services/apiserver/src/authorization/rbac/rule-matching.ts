import type { Attributes } from '../authorizer.js';
import { ALL, type PolicyRule } from './rbac-types.js';

const NONE: readonly string[] = [];

// The evaluation helpers of upstream's RBAC authorizer (pkg/apis/rbac/v1 evaluation_helpers.go and
// plugin/pkg/auth/authorizer/rbac RuleAllows): a rule allows a request when each of its lists
// admits the request's value, `*` admitting anything.

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups ?? NONE) if (g === ALL || g === group) return true;
  return false;
}

/**
 * `combined` is `resource` or `resource/subresource`. A rule names it exactly, or `*`, or — for a
 * subresource — a star, a slash and the subresource's name (that subresource of any resource).
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? NONE) {
    if (r === ALL || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** A rule without resourceNames admits every name (and requests without one, such as list and create). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames;
  return names === undefined || names.length === 0 || names.includes(name);
}

/** `*` admits every path; an entry ending in `*` admits the paths it prefixes (`/apis/*` admits `/apis/apps`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? NONE) {
    if (url === ALL || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

type RequestShape = Pick<Attributes, 'verb' | 'isResourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource' | 'name'>;

const combinedResource = (request: RequestShape): string => (request.subresource ? `${request.resource}/${request.subresource}` : request.resource);

function allows(request: RequestShape, combined: string, rule: PolicyRule): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (!request.isResourceRequest) return nonResourceURLMatches(rule, request.path);
  return apiGroupMatches(rule, request.apiGroup) && resourceMatches(rule, combined, request.subresource) && resourceNameMatches(rule, request.name);
}

/** Whether one rule allows the request (upstream's RuleAllows). */
export const ruleAllows = (request: RequestShape, rule: PolicyRule): boolean => allows(request, combinedResource(request), rule);

/** Whether any of the rules allows the request (upstream's RulesAllow). */
export function rulesAllow(request: RequestShape, rules: readonly PolicyRule[]): boolean {
  const combined = combinedResource(request);
  for (const rule of rules) if (allows(request, combined, rule)) return true;
  return false;
}
