import { matchesLabels, type KubeObject, type LabelRequirement } from '@kubeledger/api';
import { selectorRequirements, type LabelSelector } from '../../registry/validation/label-selector.js';
import { sameValue } from '../../registry/validation/field-errors.js';
import { clusterRoleSelectorsOf, rulesOf, type PolicyRule } from './rbac-types.js';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * A clusterRoleSelector as label requirements (metav1.LabelSelectorAsSelector), or undefined when
 * it cannot be one (an unknown operator, In without values): such a selector selects nothing, as
 * upstream's aggregation controller gives up on it. An empty selector selects every ClusterRole.
 */
export function selectorAsRequirements(selector: LabelSelector): LabelRequirement[] | undefined {
  for (const e of selector.matchExpressions ?? []) {
    if (!OPERATORS.has(e.operator)) return undefined;
    if ((e.operator === 'In' || e.operator === 'NotIn') && !e.values?.length) return undefined;
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && e.values?.length) return undefined;
  }
  return selectorRequirements(selector);
}

const nameOf = (o: KubeObject): string => o.metadata?.name ?? '';
const byName = (a: KubeObject, b: KubeObject): number => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);

/**
 * The rules an aggregated ClusterRole has (what upstream's clusterrole-aggregation controller
 * writes into it): for each selector in turn, the rules of every other ClusterRole it selects, in
 * name order, without duplicates. Selected roles that aggregate themselves contribute their own
 * aggregated rules — the controller's fixed point, reached here in one pass (a cycle contributes the
 * stored rules of the role met again). A ClusterRole without an aggregationRule keeps its rules.
 */
export function aggregatedRules(clusterRole: KubeObject, allClusterRoles: Iterable<KubeObject>): PolicyRule[] {
  const roles = [...allClusterRoles].sort(byName);
  const resolve = (role: KubeObject, visiting: ReadonlySet<string>): PolicyRule[] => {
    const selectors = clusterRoleSelectorsOf(role);
    if (selectors === undefined || visiting.has(nameOf(role))) return rulesOf(role);
    const inner = new Set(visiting).add(nameOf(role));
    const out: PolicyRule[] = [];
    for (const selector of selectors) {
      const requirements = selectorAsRequirements(selector);
      if (requirements === undefined) continue;
      for (const other of roles) {
        if (nameOf(other) === nameOf(role) || !matchesLabels(requirements, other.metadata?.labels ?? {})) continue;
        for (const rule of resolve(other, inner)) if (!out.some((r) => sameValue(r, rule))) out.push(rule);
      }
    }
    return out;
  };
  return resolve(clusterRole, new Set());
}
