import { deepCopy, type KubeObject } from '@kubeledger/api';
import { sameValue } from '../../registry/validation/field-errors.js';
import type { LabelSelector } from '../../registry/validation/label-selector.js';
import { covers } from '../rbac/covers.js';
import { clusterRoleSelectorsOf, roleRefOf, rulesOf, subjectsOf, type PolicyRule, type Subject } from '../rbac/rbac-types.js';

/** Set to "false" on a bootstrap role or binding, it keeps the apiserver from reconciling it (rbacv1.AutoUpdateAnnotationKey). */
export const AUTO_UPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

export interface RoleReconciliation {
  /** What the stored role needs: nothing, or an update adding what the bootstrap role has and it lacks. */
  readonly operation: 'none' | 'update';
  /** The stored role opted out (autoupdate "false"): nothing is written, whatever `operation` says. */
  readonly protected: boolean;
  /** The object to write (an update of the stored one, its resourceVersion kept), when there is one. */
  readonly write?: KubeObject;
  /** The pieces of the bootstrap rules the stored role does not grant (what the update appends). */
  readonly missingRules: readonly PolicyRule[];
  /** The stored role's rules beyond the bootstrap ones: user additions, kept. */
  readonly extraRules: readonly PolicyRule[];
  readonly missingAggregationSelectors: readonly LabelSelector[];
}

export interface RoleBindingReconciliation {
  /** `recreate` when the roleRef differs (it is immutable): delete the stored binding and create the bootstrap one. */
  readonly operation: 'none' | 'update' | 'recreate';
  readonly protected: boolean;
  /** For `update`, the stored binding plus the missing subjects; for `recreate`, the bootstrap binding. */
  readonly write?: KubeObject;
  readonly missingSubjects: readonly Subject[];
  /** Subjects the stored binding has beyond the bootstrap ones: user additions, kept. */
  readonly extraSubjects: readonly Subject[];
}

const annotationsOf = (o: KubeObject) => o.metadata?.['annotations'] as Record<string, string> | undefined;
const isProtected = (existing: KubeObject): boolean => annotationsOf(existing)?.[AUTO_UPDATE_ANNOTATION] === 'false';

/** merge(expected, existing): the bootstrap labels or annotations, overridden by the stored ones. */
function merged(expected: Record<string, string> | undefined, existing: Record<string, string> | undefined): Record<string, string> | undefined {
  return expected === undefined && existing === undefined ? undefined : { ...expected, ...existing };
}

/** A copy of `existing` with the bootstrap object's labels and annotations merged in; whether that changed it. */
function withMergedMetadata(existing: KubeObject, expected: KubeObject): { object: KubeObject; changed: boolean } {
  const object = deepCopy(existing);
  const metadata = { ...object.metadata };
  let changed = false;
  const labels = merged(expected.metadata?.labels, existing.metadata?.labels);
  if (labels && !sameValue(labels, existing.metadata?.labels)) {
    metadata.labels = labels;
    changed = true;
  }
  const annotations = merged(annotationsOf(expected), annotationsOf(existing));
  if (annotations && !sameValue(annotations, annotationsOf(existing))) {
    metadata['annotations'] = annotations;
    changed = true;
  }
  object.metadata = metadata;
  return { object, changed };
}

/** A PolicyRule as the API writes it (verbs, apiGroups, resources, resourceNames, nonResourceURLs). */
const ruleJson = (rule: PolicyRule): Record<string, unknown> => ({
  verbs: [...rule.verbs],
  ...(rule.apiGroups && { apiGroups: [...rule.apiGroups] }),
  ...(rule.resources && { resources: [...rule.resources] }),
  ...(rule.resourceNames && { resourceNames: [...rule.resourceNames] }),
  ...(rule.nonResourceURLs && { nonResourceURLs: [...rule.nonResourceURLs] }),
});

/**
 * What the apiserver writes when a bootstrap ClusterRole (or Role) already exists (upstream's
 * computeReconciledRole, in the union mode its bootstrap uses): the bootstrap labels and
 * annotations are merged under the stored ones, the pieces of the bootstrap rules the stored role
 * does not grant are appended, missing aggregation selectors are added, and the user's own
 * additions stay. A role annotated `rbac.authorization.kubernetes.io/autoupdate: "false"` is left alone.
 */
export function reconcileRole(existing: KubeObject, bootstrap: KubeObject): RoleReconciliation {
  const { object, changed } = withMergedMetadata(existing, bootstrap);
  let update = changed;
  const existingRules = rulesOf(existing);
  const expectedRules = rulesOf(bootstrap);
  const existingSelectors = clusterRoleSelectorsOf(existing);
  const expectedSelectors = clusterRoleSelectorsOf(bootstrap);
  // Both aggregated: the stored rules are the aggregation controller's to manage, not extra permissions.
  const extraRules = expectedSelectors !== undefined && existingSelectors !== undefined ? [] : covers(expectedRules, existingRules).uncovered;
  const missingRules = covers(existingRules, expectedRules).uncovered;
  if (missingRules.length) {
    object['rules'] = [...((existing['rules'] as unknown[] | null | undefined) ?? []), ...missingRules.map(ruleJson)];
    update = true;
  }
  const missingAggregationSelectors = (expectedSelectors ?? []).filter((s) => !(existingSelectors ?? []).some((e) => sameValue(e, s)));
  if (missingAggregationSelectors.length) {
    object['aggregationRule'] = { ...(object['aggregationRule'] as object | undefined), clusterRoleSelectors: [...(existingSelectors ?? []), ...missingAggregationSelectors] };
    update = true;
  }
  const prot = isProtected(existing);
  return { operation: update ? 'update' : 'none', protected: prot, ...(update && !prot && { write: object }), missingRules, extraRules, missingAggregationSelectors };
}

const subjectEquals = (a: Subject, b: Subject): boolean =>
  a.kind === b.kind && a.name === b.name && (a.apiGroup ?? '') === (b.apiGroup ?? '') && (a.namespace ?? '') === (b.namespace ?? '');

/** The subjects of `list` not in `other`, each once (upstream's diffSubjectLists, one side). */
const onlyIn = (list: readonly Subject[], other: readonly Subject[]): Subject[] =>
  list.filter((s, i) => !other.some((o) => subjectEquals(o, s)) && list.findIndex((t) => subjectEquals(t, s)) === i);

/**
 * What the apiserver writes when a bootstrap ClusterRoleBinding (or RoleBinding) already exists
 * (upstream's computeReconciledRoleBinding, union mode): a binding to another role is replaced
 * (roleRef cannot change); otherwise labels and annotations are merged under the stored ones and
 * missing subjects appended, the user's own subjects kept. Honours autoupdate "false" as reconcileRole.
 */
export function reconcileRoleBinding(existing: KubeObject, bootstrap: KubeObject): RoleBindingReconciliation {
  const prot = isProtected(existing);
  if (!sameValue(roleRefOf(existing), roleRefOf(bootstrap))) {
    return { operation: 'recreate', protected: prot, ...(!prot && { write: deepCopy(bootstrap) }), missingSubjects: subjectsOf(bootstrap), extraSubjects: subjectsOf(existing) };
  }
  const { object, changed } = withMergedMetadata(existing, bootstrap);
  const missingSubjects = onlyIn(subjectsOf(bootstrap), subjectsOf(existing));
  const extraSubjects = onlyIn(subjectsOf(existing), subjectsOf(bootstrap));
  const bootstrapSubjects = (bootstrap['subjects'] as Record<string, unknown>[] | null | undefined) ?? [];
  if (missingSubjects.length) {
    const raw = missingSubjects.map((s) => bootstrapSubjects.find((b) => subjectEquals(subjectsOf({ subjects: [b] })[0]!, s))!);
    object['subjects'] = [...((existing['subjects'] as unknown[] | null | undefined) ?? []), ...deepCopy(raw)];
  }
  const update = changed || missingSubjects.length > 0;
  return { operation: update ? 'update' : 'none', protected: prot, ...(update && !prot && { write: object }), missingSubjects, extraSubjects };
}
