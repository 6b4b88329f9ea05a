import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { pathAttributes, resourceAttributes, user } from './testing/attributes.js';

const RBAC = 'rbac.authorization.k8s.io';
const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({ name, ...(namespace && { namespace }), ...(labels && { labels }) });
const clusterRole = (name: string, rules: object[] | null, extra: Partial<KubeObject> = {}): KubeObject => ({ kind: 'ClusterRole', metadata: meta(name), rules, ...extra });
const role = (namespace: string, name: string, rules: object[]): KubeObject => ({ kind: 'Role', metadata: meta(name, namespace), rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, roleRef: [string, string], subjects: object[]): KubeObject => ({
  kind,
  metadata: meta(name, namespace),
  roleRef: { apiGroup: RBAC, kind: roleRef[0], name: roleRef[1] },
  subjects,
});
const userSubject = (name: string) => ({ apiGroup: RBAC, kind: 'User', name });
const groupSubject = (name: string) => ({ apiGroup: RBAC, kind: 'Group', name });

const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };
const alice = user('alice');

describe('RbacAuthorizer', () => {
  it('allows members of system:masters everything, with no reason', () => {
    const rbac = new RbacAuthorizer();
    expect(rbac.authorize(resourceAttributes(user('admin', 'system:masters'), 'delete', 'nodes', { name: 'n1' }))).toEqual({ decision: 'Allow', reason: '' });
    expect(rbac.authorize(pathAttributes(user('admin', 'system:masters'), 'get', '/metrics')).decision).toBe('Allow');
  });

  it('has no opinion without a binding, and allows with upstream\'s reason through a ClusterRoleBinding', () => {
    const rbac = new RbacAuthorizer();
    const list = resourceAttributes(alice, 'list', 'pods', { namespace: 'default' });
    expect(rbac.authorize(list)).toEqual({ decision: 'NoOpinion', reason: '' });
    rbac.upsert('clusterroles', clusterRole('pod-reader', [readPods]));
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'read-pods', undefined, ['ClusterRole', 'pod-reader'], [userSubject('bob'), userSubject('alice')]));
    expect(rbac.authorize(list)).toEqual({ decision: 'Allow', reason: 'RBAC: allowed by ClusterRoleBinding "read-pods" of ClusterRole "pod-reader" to User "alice"' });
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods')).decision).toBe('Allow'); // all namespaces
    expect(rbac.authorize(resourceAttributes(alice, 'delete', 'pods', { namespace: 'default', name: 'x' })).decision).toBe('NoOpinion');
  });

  it('applies a RoleBinding only in its namespace, whether it binds a Role or a ClusterRole', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterroles', clusterRole('view-pods', [readPods]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'alice-view', 'team-a', ['ClusterRole', 'view-pods'], [userSubject('alice')]));
    rbac.upsert('roles', role('team-b', 'cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'alice-cm', 'team-b', ['Role', 'cm-reader'], [groupSubject('devs')]));
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods', { namespace: 'team-a' }))).toEqual({
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "alice-view/team-a" of ClusterRole "view-pods" to User "alice"',
    });
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods', { namespace: 'team-b' })).decision).toBe('NoOpinion');
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods')).decision).toBe('NoOpinion'); // cluster-wide: role bindings do not count
    const dev = user('carol', 'devs');
    expect(rbac.authorize(resourceAttributes(dev, 'get', 'configmaps', { namespace: 'team-b', name: 'c' }))).toEqual({
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "alice-cm/team-b" of Role "cm-reader" to Group "devs"',
    });
    // A Role of the same name in another namespace is not the one bound.
    expect(rbac.authorize(resourceAttributes(dev, 'get', 'configmaps', { namespace: 'team-a', name: 'c' })).decision).toBe('NoOpinion');
  });

  it('matches ServiceAccount subjects as system:serviceaccount:<ns>:<name>, the namespace defaulting to the RoleBinding\'s', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterroles', clusterRole('view-pods', [readPods]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'sa-local', 'apps', ['ClusterRole', 'view-pods'], [{ kind: 'ServiceAccount', name: 'builder' }]));
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'sa-global', undefined, ['ClusterRole', 'view-pods'], [{ kind: 'ServiceAccount', name: 'robot', namespace: 'ops' }]));
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'sa-no-ns', undefined, ['ClusterRole', 'view-pods'], [{ kind: 'ServiceAccount', name: 'nobody' }]));
    const builder = user('system:serviceaccount:apps:builder', 'system:serviceaccounts', 'system:serviceaccounts:apps');
    expect(rbac.authorize(resourceAttributes(builder, 'get', 'pods', { namespace: 'apps', name: 'x' })).reason).toBe(
      'RBAC: allowed by RoleBinding "sa-local/apps" of ClusterRole "view-pods" to ServiceAccount "builder/apps"',
    );
    expect(rbac.authorize(resourceAttributes(user('system:serviceaccount:other:builder'), 'get', 'pods', { namespace: 'apps', name: 'x' })).decision).toBe('NoOpinion');
    expect(rbac.authorize(resourceAttributes(user('system:serviceaccount:ops:robot'), 'list', 'pods')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "sa-global" of ClusterRole "view-pods" to ServiceAccount "robot/ops"',
    );
    expect(rbac.authorize(resourceAttributes(user('system:serviceaccount::nobody'), 'list', 'pods')).decision).toBe('NoOpinion');
    expect(rbac.authorize(resourceAttributes(user('nobody'), 'list', 'pods')).decision).toBe('NoOpinion');
  });

  it('follows updates and deletions: a changed binding takes effect at once', () => {
    const rbac = new RbacAuthorizer();
    const get = resourceAttributes(alice, 'get', 'pods', { namespace: 'default', name: 'web' });
    rbac.upsert('clusterroles', clusterRole('view-pods', [readPods]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'b', 'default', ['ClusterRole', 'view-pods'], [userSubject('alice')]));
    expect(rbac.authorize(get).decision).toBe('Allow');
    rbac.upsert('rolebindings', binding('RoleBinding', 'b', 'default', ['ClusterRole', 'view-pods'], [userSubject('bob')]));
    expect(rbac.authorize(get).decision).toBe('NoOpinion');
    rbac.upsert('rolebindings', binding('RoleBinding', 'b', 'default', ['ClusterRole', 'view-pods'], [userSubject('alice')]));
    rbac.upsert('clusterroles', clusterRole('view-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]));
    expect(rbac.authorize(get).decision).toBe('NoOpinion'); // the role lost get
    rbac.upsert('clusterroles', clusterRole('view-pods', [readPods]));
    expect(rbac.authorize(get).decision).toBe('Allow');
    rbac.remove('rolebindings', 'default', 'b');
    expect(rbac.authorize(get).decision).toBe('NoOpinion');
    rbac.remove('rolebindings', 'default', 'b'); // twice is harmless
    rbac.replace('rolebindings', [binding('RoleBinding', 'c', 'default', ['ClusterRole', 'view-pods'], [userSubject('alice')])]);
    expect(rbac.authorize(get).reason).toBe('RBAC: allowed by RoleBinding "c/default" of ClusterRole "view-pods" to User "alice"');
    rbac.replace('rolebindings', []);
    expect(rbac.authorize(get).decision).toBe('NoOpinion');
  });

  it('reports bindings whose role does not exist in the reason, as upstream', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'b1', undefined, ['ClusterRole', 'gone'], [userSubject('alice')]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'b2', 'default', ['Role', 'missing'], [userSubject('alice')]));
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods', { namespace: 'default' }))).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "missing" not found]',
    });
    expect(rbac.authorize(resourceAttributes(alice, 'list', 'pods')).reason).toBe('RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found');
    expect(rbac.authorize(resourceAttributes(user('bob'), 'list', 'pods')).reason).toBe(''); // not bound: nothing to say
  });

  it('evaluates aggregated ClusterRoles with the rules of the roles they select, current as those change', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterroles', clusterRole('monitoring', null, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'to-monitoring': 'true' } }] } }));
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'mon', undefined, ['ClusterRole', 'monitoring'], [userSubject('alice')]));
    const listNodes = resourceAttributes(alice, 'list', 'nodes');
    expect(rbac.authorize(listNodes).decision).toBe('NoOpinion');
    rbac.upsert('clusterroles', { kind: 'ClusterRole', metadata: meta('nodes-reader', undefined, { 'to-monitoring': 'true' }), rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] });
    expect(rbac.authorize(listNodes).decision).toBe('Allow');
    rbac.remove('clusterroles', '', 'nodes-reader');
    expect(rbac.authorize(listNodes).decision).toBe('NoOpinion');
  });

  it('lists the rules of a user for SelfSubjectRulesReview', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterroles', clusterRole('discovery', [{ nonResourceURLs: ['/api', '/api/*'], verbs: ['get'] }]));
    rbac.upsert('clusterroles', clusterRole('lease', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['me'], verbs: ['get', 'update'] }]));
    rbac.upsert('clusterrolebindings', binding('ClusterRoleBinding', 'd', undefined, ['ClusterRole', 'discovery'], [groupSubject('system:authenticated')]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'l', 'kube-system', ['ClusterRole', 'lease'], [userSubject('alice')]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'x', 'kube-system', ['Role', 'nope'], [userSubject('alice')]));
    expect(rbac.rulesFor(alice, 'kube-system')).toEqual({
      resourceRules: [{ verbs: ['get', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['me'] }],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "nope" not found',
    });
    expect(rbac.rulesFor(alice, 'default')).toEqual({ resourceRules: [], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }], incomplete: false });
  });

  it('costs about the same with a thousand RoleBindings naming others as with none', () => {
    const rbac = new RbacAuthorizer();
    rbac.upsert('clusterroles', clusterRole('view-pods', [readPods]));
    rbac.upsert('rolebindings', binding('RoleBinding', 'mine', 'default', ['ClusterRole', 'view-pods'], [userSubject('alice')]));
    const get = resourceAttributes(alice, 'get', 'pods', { namespace: 'default', name: 'web' });
    const time = () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20_000; i++) rbac.authorize(get);
      return Number(process.hrtime.bigint() - start);
    };
    time(); // warm up
    const before = Math.min(time(), time(), time());
    for (let i = 0; i < 1000; i++) {
      rbac.upsert('rolebindings', binding('RoleBinding', `other-${i}`, 'default', ['ClusterRole', 'view-pods'], [userSubject(`user-${i}`), groupSubject(`group-${i}`)]));
    }
    const after = Math.min(time(), time(), time());
    expect(rbac.authorize(get).decision).toBe('Allow');
    expect(after / before).toBeLessThan(3); // an index lookup, not a scan (a scan is ~100x)
  });
});
