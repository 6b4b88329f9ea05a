import { goQuoteList } from './go-quote.js';
import { ALL, type PolicyRule } from './rbac-types.js';

// Whether one set of rules grants everything another does (k8s.io/component-helpers
// auth/rbac/validation policy_comparator.go), and the compact form escalation errors list the
// missing rules in (pkg/registry/rbac/validation CompactRules, pkg/apis/rbac/v1 CompactString).

/** A rule as its smallest pieces: one verb, one group, one resource, at most one name — or one verb and one URL. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (set: readonly string[] = [], wanted: readonly string[] = []): boolean => wanted.every((w) => set.includes(w));

function resourceCoversAll(owned: readonly string[] = [], wanted: readonly string[] = []): boolean {
  if (owned.includes(ALL) || hasAll(owned, wanted)) return true;
  return wanted.every((path) => {
    if (owned.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owned.includes(`*/${path.slice(slash + 1)}`);
  });
}

const nonResourceURLCovers = (owner: string, path: string): boolean => owner === path || (owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, '')));

const nonResourceURLsCoverAll = (owned: readonly string[] = [], wanted: readonly string[] = []): boolean =>
  wanted.every((path) => owned.some((owner) => nonResourceURLCovers(owner, path)));

/** Whether `owner` grants all of `sub` (a rule broken down to one verb, group, resource and name). */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const names = sub.resourceNames?.length ? !owner.resourceNames?.length || hasAll(owner.resourceNames, sub.resourceNames) : !owner.resourceNames?.length;
  return verbs && groups && resourceCoversAll(owner.resources, sub.resources) && names && nonResourceURLsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
}

/** Whether `owner` rules grant everything `servant` rules do, and the pieces they do not. */
export function covers(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered = servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
  return { covered: uncovered.length === 0, uncovered };
}

/**
 * Rules with one group and one resource (and at most one name) that differ only in verbs, merged
 * into one: `{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}` rather than one line per verb.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, { rule: PolicyRule; verbs: string[] }>();
  for (const rule of rules) {
    const isSimple = !rule.nonResourceURLs?.length && (rule.resourceNames?.length ?? 0) <= 1 && rule.apiGroups?.length === 1 && rule.resources?.length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const id = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? null]);
    const found = simple.get(id);
    if (!found) simple.set(id, { rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!found.verbs.includes(verb)) found.verbs.push(verb);
  }
  for (const { rule, verbs } of simple.values()) compacted.push({ ...rule, verbs });
  return compacted;
}

/** rbacv1helpers.CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}
