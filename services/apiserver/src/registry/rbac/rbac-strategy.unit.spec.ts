import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../testing/strategy-harness.js';
import { bindingStrategy, roleStrategy } from './rbac-strategy.js';

const RBAC = 'rbac.authorization.k8s.io';
const roles = strategyHarness(RBAC, 'roles', roleStrategy);
const clusterRoles = strategyHarness(RBAC, 'clusterroles', roleStrategy);
const roleBindings = strategyHarness(RBAC, 'rolebindings', bindingStrategy);
const clusterRoleBindings = strategyHarness(RBAC, 'clusterrolebindings', bindingStrategy);

const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
const roleRef = (kind: string, name: string) => ({ apiGroup: RBAC, kind, name });
const alice = { apiGroup: RBAC, kind: 'User', name: 'alice' };

describe('Role and ClusterRole strategy (ValidateRole, ValidateClusterRole)', () => {
  it('accepts rules with verbs and groups and resources, and names that are path segments', () => {
    expect(roles.createError({ kind: 'Role', metadata: { name: 'system:pod-reader' }, rules: [readPods] })).toBe('');
    expect(clusterRoles.createError({ kind: 'ClusterRole', metadata: { name: 'x' }, rules: [readPods, { nonResourceURLs: ['/healthz'], verbs: ['get'] }] })).toBe('');
    expect(roles.strategy.allowCreateOnUpdate).toBe(true);
    const created = roles.create({ kind: 'Role', metadata: { name: 'r' }, rules: [readPods] });
    expect(created.metadata?.['generation']).toBeUndefined(); // RBAC objects have no spec, no generation
  });

  it('refuses names that are not path segments', () => {
    expect(roles.createError({ kind: 'Role', metadata: { name: 'a/b' }, rules: [] })).toBe('Role.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain \'/\'');
  });

  it('refuses rules without verbs, groups or resources, with upstream\'s messages', () => {
    expect(roles.createError({ kind: 'Role', metadata: { name: 'r' }, rules: [{ verbs: [], apiGroups: [''], resources: ['pods'] }] })).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
    expect(roles.createError({ kind: 'Role', metadata: { name: 'r' }, rules: [{ verbs: ['get'] }] })).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]',
    );
  });

  it('refuses non-resource URLs in Roles and mixed with resources anywhere', () => {
    expect(roles.createError({ kind: 'Role', metadata: { name: 'r' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    );
    expect(clusterRoles.createError({ kind: 'ClusterRole', metadata: { name: 'c' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/a', '/b'], resources: ['pods'] }] })).toBe(
      'ClusterRole.rbac.authorization.k8s.io "c" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/a", "/b"}: rules cannot apply to both regular resources and non-resource URLs',
    );
  });

  it('validates a ClusterRole\'s aggregationRule', () => {
    expect(clusterRoles.createError({ kind: 'ClusterRole', metadata: { name: 'c' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } })).toBe('');
    expect(clusterRoles.createError({ kind: 'ClusterRole', metadata: { name: 'c' }, aggregationRule: { clusterRoleSelectors: [] } })).toBe(
      'ClusterRole.rbac.authorization.k8s.io "c" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    );
    expect(clusterRoles.createError({ kind: 'ClusterRole', metadata: { name: 'c' }, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }] } })).toBe(
      'ClusterRole.rbac.authorization.k8s.io "c" is invalid: [aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator, aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.]',
    );
  });
});

describe('RoleBinding and ClusterRoleBinding strategy (ValidateRoleBinding, ValidateClusterRoleBinding)', () => {
  it('accepts bindings to Roles and ClusterRoles, defaulting apiGroups as rbac/v1 does', () => {
    const created = roleBindings.create({ kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: '', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'default' }] }, 'team-a');
    expect(created).toMatchObject({ roleRef: roleRef('Role', 'r'), subjects: [alice, { kind: 'ServiceAccount', name: 'default' }] });
    expect((created['subjects'] as object[])[1]).not.toHaveProperty('apiGroup');
    expect(clusterRoleBindings.createError({ kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: roleRef('ClusterRole', 'view'), subjects: [{ kind: 'Group', name: 'system:authenticated' }] })).toBe('');
  });

  it('refuses what upstream refuses in roleRef and subjects', () => {
    expect(clusterRoleBindings.createError({ kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'ServiceAccount', name: 'sa' }] })).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value]',
    );
    expect(roleBindings.createError({ kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'example.com', kind: 'Thing', name: '' }, subjects: [] })).toBe(
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io", roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole", roleRef.name: Required value]',
    );
    expect(roleBindings.createError({ kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'Robot', name: 'r2' }, { kind: 'User', name: 'u', apiGroup: 'example.com' }, { kind: 'ServiceAccount', name: 'Bad_Name', apiGroup: RBAC }] })).toBe(
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: [subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group", subjects[1].apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io", ' +
        'subjects[2].name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\'), subjects[2].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""]',
    );
  });

  it('keeps roleRef as it was: "cannot change roleRef"', () => {
    const old = roleBindings.create({ kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: roleRef('ClusterRole', 'view'), subjects: [alice] }, 'team-a');
    expect(roleBindings.updateError({ ...old, subjects: [alice, { ...alice, name: 'bob' }] }, old)).toBe('');
    expect(roleBindings.updateError({ ...old, roleRef: roleRef('ClusterRole', 'edit') }, old)).toBe(
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });
});
