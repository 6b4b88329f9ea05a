import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from '../bootstrap-policy/bootstrap-policy.js';
import { compactRules, compactString, covers } from './covers.js';
import { checkEscalation, type EscalationRequest } from './escalation.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import type { PolicyRule } from './rbac-types.js';
import { user } from './testing/attributes.js';

const RBAC = 'rbac.authorization.k8s.io';

describe('rule coverage (policy_comparator.go Covers)', () => {
  const get = (resources: string[], extra: Partial<PolicyRule> = {}): PolicyRule => ({ verbs: ['get'], apiGroups: [''], resources, ...extra });

  it('covers by pieces: verbs, groups, resources, names and URLs each', () => {
    expect(covers([get(['pods', 'secrets'])], [get(['pods'])]).covered).toBe(true);
    expect(covers([get(['pods'])], [get(['pods', 'secrets'])]).uncovered).toEqual([get(['secrets'])]);
    expect(covers([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [get(['pods'], { apiGroups: ['apps'], verbs: ['delete'] })]).covered).toBe(true);
    expect(covers([get(['*/status'])], [get(['pods/status'])]).covered).toBe(true);
    expect(covers([get(['*/status'])], [get(['pods'])]).covered).toBe(false);
    expect(covers([get(['leases'], { resourceNames: ['a'] })], [get(['leases'])]).covered).toBe(false);
    expect(covers([get(['leases'])], [get(['leases'], { resourceNames: ['a'] })]).covered).toBe(true);
    expect(covers([{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }]).covered).toBe(true);
    expect(covers([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }]).covered).toBe(false);
  });

  it('merges missing pieces that differ only in verbs, and prints them as upstream', () => {
    const { uncovered } = covers([], [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }]);
    expect(compactRules(uncovered).map(compactString)).toEqual(['{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}']);
    expect(compactString({ verbs: ['get'], nonResourceURLs: ['/metrics'] })).toBe('{NonResourceURLs:["/metrics"], Verbs:["get"]}');
  });
});

describe('escalation prevention (pkg/registry/rbac/*/policybased)', () => {
  const rbac = new RbacAuthorizer();
  for (const role of BOOTSTRAP_CLUSTER_ROLES) rbac.upsert('clusterroles', role);
  for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) rbac.upsert('clusterrolebindings', binding);
  const bindTo = (name: string, role: string, subject: string) => ({ kind: 'RoleBinding', metadata: { name, namespace: 'team-a' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role }, subjects: [{ apiGroup: RBAC, kind: 'User', name: subject }] });
  rbac.upsert('rolebindings', bindTo('carol-admin', 'admin', 'carol'));
  rbac.upsert('clusterroles', { kind: 'ClusterRole', metadata: { name: 'binder' }, rules: [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['edit'] }] });
  rbac.upsert('rolebindings', { ...bindTo('dave-binder', 'binder', 'dave'), metadata: { name: 'dave-binder', namespace: 'team-a' } });
  const deps = { authorizer: rbac, rules: rbac };
  const carol = user('carol');
  const check = (request: Omit<EscalationRequest, 'user'> & { user?: EscalationRequest['user'] }) => checkEscalation({ user: carol, ...request }, deps)?.message;
  const role = (rules: object[]): KubeObject => ({ kind: 'Role', metadata: { name: 'r', namespace: 'team-a' }, rules });

  it('lets a namespace admin grant what they hold, not more', () => {
    expect(check({ resource: 'roles', namespace: 'team-a', object: role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]) })).toBeUndefined();
    expect(check({ resource: 'roles', namespace: 'team-a', object: role([{ apiGroups: [''], resources: ['nodes', 'secrets'], verbs: ['get', 'list'] }]) })).toBe(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "carol" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["nodes"], Verbs:["get" "list"]}',
    );
    // In another namespace carol holds nothing beyond discovery.
    expect(check({ resource: 'roles', namespace: 'team-b', object: { ...role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), metadata: { name: 'r', namespace: 'team-b' } } })).toMatch(/not currently held:\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["get"\]\}$/);
  });

  it('lets a binding grant a role whose rules the author holds, or that they may bind', () => {
    const editBinding = bindTo('x', 'edit', 'erin');
    expect(check({ resource: 'rolebindings', namespace: 'team-a', object: editBinding })).toBeUndefined(); // admin covers edit
    expect(check({ resource: 'rolebindings', namespace: 'team-a', object: bindTo('x', 'cluster-admin', 'erin') })).toMatch(/^rolebindings\.rbac\.authorization\.k8s\.io "x" is forbidden: user "carol" .* not currently held:\n/);
    expect(check({ resource: 'rolebindings', namespace: 'team-a', object: bindTo('x', 'no-such-role', 'erin') })).toBe('rolebindings.rbac.authorization.k8s.io "x" is forbidden: clusterrole.rbac.authorization.k8s.io "no-such-role" not found');
    // dave holds almost nothing, but may bind edit (verb bind on clusterroles/edit): allowed without holding it.
    expect(check({ user: user('dave'), resource: 'rolebindings', namespace: 'team-a', object: editBinding })).toBeUndefined();
    expect(check({ user: user('dave'), resource: 'rolebindings', namespace: 'team-a', object: bindTo('x', 'view', 'erin') })).toMatch(/not currently held/);
  });

  it('needs cluster-admin powers for an aggregationRule, and lets system:masters and escalate through', () => {
    const aggregated = { kind: 'ClusterRole', metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } };
    expect(check({ resource: 'clusterroles', namespace: '', object: aggregated })).toBe('clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use an aggregationRule');
    expect(check({ user: user('root', 'system:masters'), resource: 'clusterroles', namespace: '', object: aggregated })).toBeUndefined();
    const escalator = new RbacAuthorizer();
    escalator.upsert('clusterroles', { kind: 'ClusterRole', metadata: { name: 'esc' }, rules: [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['escalate'] }] });
    escalator.upsert('clusterrolebindings', { kind: 'ClusterRoleBinding', metadata: { name: 'esc' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'esc' }, subjects: [{ apiGroup: RBAC, kind: 'User', name: 'carol' }] });
    expect(checkEscalation({ user: carol, resource: 'clusterroles', namespace: '', object: aggregated }, { authorizer: escalator, rules: escalator })).toBeUndefined();
  });

  it('does not check updates that change only ownerReferences or finalizers', () => {
    const old = { ...role([{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]), metadata: { name: 'r', namespace: 'team-a', resourceVersion: '5' } };
    const gcOnly = { ...old, metadata: { ...old.metadata, finalizers: ['example.com/x'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u' }] } };
    expect(check({ resource: 'roles', namespace: 'team-a', object: gcOnly, old })).toBeUndefined();
    expect(check({ resource: 'roles', namespace: 'team-a', object: { ...gcOnly, metadata: { ...gcOnly.metadata, labels: { x: 'y' } } }, old })).toMatch(/not currently held/);
  });
});
