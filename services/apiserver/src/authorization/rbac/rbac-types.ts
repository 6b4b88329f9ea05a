import type { KubeObject } from '@kubeledger/api';
import type { LabelSelector } from '../../registry/validation/label-selector.js';

/** rbac.authorization.k8s.io: the group of every RBAC kind, and what roleRef and User/Group subjects name. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The four RBAC resources, as the index and the registry name them. */
export type RbacResource = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

/** rbac/v1 PolicyRule with its optional lists made plain (absent and null read as empty). */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** rbac/v1 Subject: `User`, `Group` or `ServiceAccount` (namespace, for service accounts). */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly apiGroup?: string;
  readonly namespace?: string;
}

/** rbac/v1 RoleRef: what a binding grants (`Role` in its namespace, or a `ClusterRole`). */
export interface RoleRef {
  readonly apiGroup: string;
  readonly kind: string;
  readonly name: string;
}

/** authorization/v1 ResourceRule, what SelfSubjectRulesReview lists. */
export interface ResourceRule {
  readonly verbs: string[];
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
}

/** authorization/v1 NonResourceRule. */
export interface NonResourceRule {
  readonly verbs: string[];
  readonly nonResourceURLs?: string[];
}

/** `*` in verbs, apiGroups, resources and nonResourceURLs (rbacv1.VerbAll, APIGroupAll, ResourceAll, NonResourceAll). */
export const ALL = '*';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A stored rule as a PolicyRule (lists that are null or absent come out empty/absent). */
export function toPolicyRule(raw: unknown): PolicyRule {
  const r = (raw ?? {}) as Record<string, unknown>;
  const rule: { -readonly [K in keyof PolicyRule]: PolicyRule[K] } = { verbs: strings(r['verbs']) };
  for (const key of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
    const list = strings(r[key]);
    if (list.length) rule[key] = list;
  }
  return rule;
}

/** The `rules` of a Role or ClusterRole. */
export const rulesOf = (object: KubeObject): PolicyRule[] => (Array.isArray(object['rules']) ? object['rules'].map(toPolicyRule) : []);

/** The `subjects` of a binding (entries that are not objects are dropped). */
export function subjectsOf(object: KubeObject): Subject[] {
  const raw = Array.isArray(object['subjects']) ? (object['subjects'] as unknown[]) : [];
  return raw.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null).map((s) => ({
    kind: String(s['kind'] ?? ''),
    name: String(s['name'] ?? ''),
    ...(typeof s['apiGroup'] === 'string' && { apiGroup: s['apiGroup'] }),
    ...(typeof s['namespace'] === 'string' && { namespace: s['namespace'] }),
  }));
}

/** The `roleRef` of a binding (empty strings where a field is missing). */
export function roleRefOf(object: KubeObject): RoleRef {
  const r = (object['roleRef'] ?? {}) as Record<string, unknown>;
  return { apiGroup: String(r['apiGroup'] ?? ''), kind: String(r['kind'] ?? ''), name: String(r['name'] ?? '') };
}

/** `aggregationRule.clusterRoleSelectors` of a ClusterRole, or undefined when it has no aggregation rule. */
export function clusterRoleSelectorsOf(object: KubeObject): LabelSelector[] | undefined {
  const rule = object['aggregationRule'] as { clusterRoleSelectors?: LabelSelector[] | null } | null | undefined;
  if (rule === undefined || rule === null) return undefined;
  return rule.clusterRoleSelectors ?? [];
}
