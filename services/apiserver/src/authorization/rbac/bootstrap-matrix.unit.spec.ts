import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type UserInfo } from '../../authentication/user-info.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from '../bootstrap-policy/bootstrap-policy.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { pathAttributes, resourceAttributes, user } from './testing/attributes.js';

// The authorization matrix of upstream's bootstrap policy (the vendored cluster-roles.yaml,
// cluster-role-bindings.yaml and controller-roles.yaml, plus kubeledger's controller-manager bindings): each component identity, verb and resource, allowed or not, as
// the roles grant it. Plus the user-facing roles through RoleBindings in namespace team-a:
// alice → view, bob → edit, carol → admin.

const RBAC = 'rbac.authorization.k8s.io';
const rbac = new RbacAuthorizer();
for (const role of BOOTSTRAP_CLUSTER_ROLES) rbac.upsert('clusterroles', role);
for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) rbac.upsert('clusterrolebindings', binding);
for (const [name, role] of [['alice', 'view'], ['bob', 'edit'], ['carol', 'admin']] as const) {
  rbac.upsert('rolebindings', {
    kind: 'RoleBinding',
    metadata: { name: `${name}-${role}`, namespace: 'team-a' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name }],
  });
}

const IDENTITIES: Record<string, UserInfo> = {
  scheduler: user('system:kube-scheduler'),
  'controller-manager': user('system:kube-controller-manager'),
  'kube-proxy': user('system:kube-proxy'),
  'node n1': user('system:node:n1', 'system:nodes'),
  alice: user('alice'),
  bob: user('bob'),
  carol: user('carol'),
  monitoring: user('prometheus', 'system:monitoring'),
  'sa kube-dns': user('system:serviceaccount:kube-system:kube-dns', 'system:serviceaccounts', 'system:serviceaccounts:kube-system'),
  'sa default': user('system:serviceaccount:team-a:default', 'system:serviceaccounts', 'system:serviceaccounts:team-a'),
  anonymous: ANONYMOUS,
  masters: user('kubernetes-admin', 'system:masters'),
};

type Row = readonly [identity: string, verb: string, target: string, where: string, allowed: boolean];

/**
 * `target` is `resource[/subresource][.group]` (core when no group) or a path; `where` is
 * `namespace[/name]`, `/name` for a named cluster-scoped object, or '' (cluster-wide).
 */
const MATRIX: readonly Row[] = [
  // system:kube-scheduler (+ system:volume-scheduler)
  ['scheduler', 'create', 'pods/binding', 'default/web', true],
  ['scheduler', 'create', 'bindings', 'default', true],
  ['scheduler', 'get', 'pods', 'default/web', true],
  ['scheduler', 'list', 'pods', '', true],
  ['scheduler', 'watch', 'pods', '', true],
  ['scheduler', 'get', 'nodes', '/n1', true],
  ['scheduler', 'list', 'nodes', '', true],
  ['scheduler', 'watch', 'nodes', '', true],
  ['scheduler', 'update', 'pods/status', 'default/web', true],
  ['scheduler', 'patch', 'pods/status', 'default/web', true],
  ['scheduler', 'create', 'events', 'default', true],
  ['scheduler', 'patch', 'events', 'default/e1', true],
  ['scheduler', 'create', 'events.events.k8s.io', 'default', true],
  ['scheduler', 'create', 'leases.coordination.k8s.io', 'kube-system', true],
  ['scheduler', 'get', 'leases.coordination.k8s.io', 'kube-system/kube-scheduler', true],
  ['scheduler', 'update', 'leases.coordination.k8s.io', 'kube-system/kube-scheduler', true],
  ['scheduler', 'update', 'leases.coordination.k8s.io', 'kube-system/kube-controller-manager', false],
  ['scheduler', 'delete', 'leases.coordination.k8s.io', 'kube-system/kube-scheduler', false],
  ['scheduler', 'list', 'services', '', true],
  ['scheduler', 'list', 'replicasets.apps', '', true],
  ['scheduler', 'list', 'statefulsets.apps', '', true],
  ['scheduler', 'list', 'poddisruptionbudgets.policy', '', true],
  ['scheduler', 'list', 'namespaces', '', true],
  ['scheduler', 'update', 'persistentvolumes', '/pv1', true], // system:volume-scheduler
  ['scheduler', 'create', 'tokenreviews.authentication.k8s.io', '', true],
  ['scheduler', 'get', 'secrets', 'default/s', false],
  ['scheduler', 'list', 'secrets', '', false],
  ['scheduler', 'get', 'configmaps', 'default/c', false],
  ['scheduler', 'create', 'pods', 'default', false],
  ['scheduler', 'update', 'pods', 'default/web', false],
  // Preemption: upstream's scheduler role deletes pods (it evicts lower-priority victims).
  ['scheduler', 'delete', 'pods', 'default/web', true],
  ['scheduler', 'delete', 'nodes', '/n1', false],
  ['scheduler', 'update', 'nodes/status', '/n1', false],

  // system:kube-controller-manager: its own bootstrap role (upstream's controllers run as their service accounts)
  ['controller-manager', 'list', 'pods', '', true],
  ['controller-manager', 'watch', 'deployments.apps', '', true],
  ['controller-manager', 'list', 'secrets', '', true],
  ['controller-manager', 'list', 'anything.example.com', '', true],
  ['controller-manager', 'get', 'secrets', 'kube-system/s', true],
  ['controller-manager', 'create', 'secrets', 'kube-system', true],
  ['controller-manager', 'delete', 'secrets', 'kube-system/s', true],
  ['controller-manager', 'create', 'serviceaccounts', 'team-a', true],
  ['controller-manager', 'update', 'serviceaccounts', 'team-a/default', true],
  ['controller-manager', 'create', 'serviceaccounts/token', 'team-a/default', true],
  ['controller-manager', 'get', 'namespaces', '/team-a', true],
  ['controller-manager', 'get', 'configmaps', 'kube-system/c', true],
  ['controller-manager', 'create', 'events', 'default', true],
  ['controller-manager', 'create', 'leases.coordination.k8s.io', 'kube-system', true],
  ['controller-manager', 'update', 'leases.coordination.k8s.io', 'kube-system/kube-controller-manager', true],
  // The garbage collector's role updates anything (upstream's GC token can too), the scheduler's Lease included.
  ['controller-manager', 'update', 'leases.coordination.k8s.io', 'kube-system/kube-scheduler', true],
  ['controller-manager', 'create', 'subjectaccessreviews.authorization.k8s.io', '', true],
  // ... plus upstream's system:controller:<name> roles bound to the same user (kubeledger:controller-manager:<name>, a deviation)
  // endpointslice-controller
  ['controller-manager', 'get', 'services', 'default/web', true],
  ['controller-manager', 'create', 'endpointslices.discovery.k8s.io', 'default', true],
  ['controller-manager', 'update', 'endpointslices.discovery.k8s.io', 'default/web-abcde', true],
  ['controller-manager', 'delete', 'endpointslices.discovery.k8s.io', 'default/web-abcde', true],
  ['controller-manager', 'update', 'services/finalizers', 'default/web', true],
  // node-controller (node IPAM patches spec.podCIDR)
  ['controller-manager', 'patch', 'nodes', '/n1', true],
  ['controller-manager', 'update', 'nodes/status', '/n1', true],
  ['controller-manager', 'get', 'pods', 'default/web', true],
  ['controller-manager', 'update', 'pods/status', 'default/web', true],
  ['controller-manager', 'delete', 'nodes', '/n1', true],
  // deployment-, replicaset-, daemon-set-, job-, cronjob-controller
  ['controller-manager', 'create', 'replicasets.apps', 'default', true],
  ['controller-manager', 'update', 'deployments/status.apps', 'default/web', true],
  ['controller-manager', 'create', 'pods', 'default', true],
  ['controller-manager', 'update', 'replicasets/status.apps', 'default/web-1', true],
  ['controller-manager', 'create', 'controllerrevisions.apps', 'default', true],
  ['controller-manager', 'create', 'pods/binding', 'default/web', true],
  ['controller-manager', 'update', 'jobs/status.batch', 'default/j', true],
  ['controller-manager', 'create', 'jobs.batch', 'default', true],
  ['controller-manager', 'update', 'cronjobs/status.batch', 'default/c', true],
  // namespace-controller, generic-garbage-collector
  ['controller-manager', 'delete', 'namespaces', '/team-a', true],
  ['controller-manager', 'update', 'namespaces/finalize', '/team-a', true],
  ['controller-manager', 'deletecollection', 'configmaps', 'team-a', true],
  ['controller-manager', 'patch', 'widgets.example.com', 'team-a/w', true],
  ['controller-manager', 'delete', 'secrets', 'team-a/s', true],
  // root-ca-cert-publisher, service-account-controller
  ['controller-manager', 'create', 'configmaps', 'default', true],
  ['controller-manager', 'update', 'configmaps', 'team-a/kube-root-ca.crt', true],
  ['controller-manager', 'create', 'serviceaccounts', 'team-a', true],
  // still not granted by any of them
  ['controller-manager', 'create', 'services', 'default', false],
  ['controller-manager', 'create', 'deployments.apps', 'default', false],
  ['controller-manager', 'create', 'nodes', '', false],
  ['controller-manager', 'create', 'namespaces', '', false],
  ['controller-manager', 'patch', 'endpointslices.discovery.k8s.io', 'default/web-abcde', true], // generic-garbage-collector
  ['controller-manager', 'create', 'secrets/token', 'default/s', false],
  ['controller-manager', 'create', 'clusterrolebindings.rbac.authorization.k8s.io', '', false],
  ['controller-manager', 'escalate', 'clusterroles.rbac.authorization.k8s.io', '/cluster-admin', false],
  ['controller-manager', 'create', 'pods/exec', 'default/web', false],
  ['controller-manager', 'get', '/logs', '', false],

  // system:kube-proxy (system:node-proxier)
  ['kube-proxy', 'list', 'services', '', true],
  ['kube-proxy', 'watch', 'services', '', true],
  ['kube-proxy', 'list', 'endpoints', '', true],
  ['kube-proxy', 'watch', 'endpoints', '', true],
  ['kube-proxy', 'list', 'endpointslices.discovery.k8s.io', '', true],
  ['kube-proxy', 'watch', 'endpointslices.discovery.k8s.io', '', true],
  ['kube-proxy', 'get', 'nodes', '/n1', true],
  ['kube-proxy', 'list', 'nodes', '', true],
  ['kube-proxy', 'create', 'events.events.k8s.io', 'default', true],
  ['kube-proxy', 'get', 'services', 'default/web', false], // list and watch only
  ['kube-proxy', 'get', 'secrets', 'default/s', false],
  ['kube-proxy', 'list', 'pods', '', false],
  ['kube-proxy', 'update', 'nodes', '/n1', false],

  // system:node:<name>: the system:node binding has no subjects, the Node authorizer grants kubelets theirs
  ['node n1', 'get', 'pods', 'default/web', false],
  ['node n1', 'update', 'nodes/status', '/n1', false],
  ['node n1', 'get', '/healthz', '', true],
  ['node n1', 'get', '/api', '', true],

  // view (alice in team-a)
  ['alice', 'list', 'pods', 'team-a', true],
  ['alice', 'get', 'pods', 'team-a/web', true],
  ['alice', 'watch', 'pods', 'team-a', true],
  ['alice', 'get', 'pods/log', 'team-a/web', true],
  ['alice', 'get', 'pods/status', 'team-a/web', true],
  ['alice', 'list', 'pods', 'team-b', false],
  ['alice', 'list', 'pods', '', false],
  ['alice', 'create', 'pods', 'team-a', false],
  ['alice', 'delete', 'pods', 'team-a/web', false],
  ['alice', 'get', 'secrets', 'team-a/s', false],
  ['alice', 'list', 'secrets', 'team-a', false],
  ['alice', 'create', 'pods/exec', 'team-a/web', false],
  ['alice', 'list', 'configmaps', 'team-a', true],
  ['alice', 'list', 'services', 'team-a', true],
  ['alice', 'list', 'endpointslices.discovery.k8s.io', 'team-a', true],
  ['alice', 'list', 'deployments.apps', 'team-a', true],
  ['alice', 'get', 'deployments/scale.apps', 'team-a/web', true],
  ['alice', 'update', 'deployments/scale.apps', 'team-a/web', false],
  ['alice', 'list', 'jobs.batch', 'team-a', true],
  ['alice', 'list', 'events', 'team-a', true],
  ['alice', 'get', 'namespaces', 'team-a/team-a', true],
  ['alice', 'list', 'leases.coordination.k8s.io', 'team-a', false],
  ['alice', 'list', 'roles.rbac.authorization.k8s.io', 'team-a', false],
  ['alice', 'impersonate', 'serviceaccounts', 'team-a/default', false],

  // edit (bob in team-a): view plus writes, secrets, exec; no RBAC
  ['bob', 'get', 'secrets', 'team-a/s', true],
  ['bob', 'list', 'secrets', 'team-a', true],
  ['bob', 'create', 'secrets', 'team-a', true],
  ['bob', 'list', 'pods', 'team-a', true],
  ['bob', 'create', 'pods', 'team-a', true],
  ['bob', 'delete', 'pods', 'team-a/web', true],
  ['bob', 'create', 'pods/exec', 'team-a/web', true],
  ['bob', 'create', 'pods/eviction', 'team-a/web', true],
  ['bob', 'create', 'deployments.apps', 'team-a', true],
  ['bob', 'update', 'deployments/scale.apps', 'team-a/web', true],
  ['bob', 'patch', 'cronjobs.batch', 'team-a/c', true],
  ['bob', 'update', 'leases.coordination.k8s.io', 'team-a/l', true],
  ['bob', 'impersonate', 'serviceaccounts', 'team-a/default', true],
  ['bob', 'create', 'serviceaccounts/token', 'team-a/default', true],
  ['bob', 'update', 'pods/status', 'team-a/web', false],
  ['bob', 'create', 'rolebindings.rbac.authorization.k8s.io', 'team-a', false],
  ['bob', 'get', 'secrets', 'team-b/s', false],

  // admin (carol in team-a): edit plus roles and bindings in the namespace
  ['carol', 'create', 'rolebindings.rbac.authorization.k8s.io', 'team-a', true],
  ['carol', 'update', 'roles.rbac.authorization.k8s.io', 'team-a/r', true],
  ['carol', 'create', 'localsubjectaccessreviews.authorization.k8s.io', 'team-a', true],
  ['carol', 'get', 'secrets', 'team-a/s', true],
  ['carol', 'list', 'pods', 'team-a', true],
  ['carol', 'create', 'clusterrolebindings.rbac.authorization.k8s.io', '', false],
  ['carol', 'create', 'rolebindings.rbac.authorization.k8s.io', 'team-b', false],
  ['carol', 'create', 'resourcequotas', 'team-a', false],

  // Every authenticated user: discovery, health, version, OpenAPI; self-reviews
  ...(['/api', '/api/v1', '/apis', '/apis/apps/v1', '/version', '/version/', '/healthz', '/livez', '/readyz', '/openapi/v2', '/openapi/v3/apis/apps/v1'].map((path) => ['alice', 'get', path, '', true] as const)),
  ['alice', 'post', '/api', '', false],
  ['alice', 'get', '/metrics', '', false],
  ['alice', 'get', '/healthz/etcd', '', false],
  ['alice', 'get', '/logs', '', false],
  ['alice', 'create', 'selfsubjectaccessreviews.authorization.k8s.io', '', true],
  ['alice', 'create', 'selfsubjectrulesreviews.authorization.k8s.io', '', true],
  ['alice', 'create', 'selfsubjectreviews.authentication.k8s.io', '', true],
  ['alice', 'create', 'subjectaccessreviews.authorization.k8s.io', '', false],
  ['alice', 'create', 'tokenreviews.authentication.k8s.io', '', false],

  // Unauthenticated: public-info-viewer only
  ...(['/healthz', '/livez', '/readyz', '/version', '/version/'].map((path) => ['anonymous', 'get', path, '', true] as const)),
  ...(['/api', '/api/v1', '/apis', '/openapi/v2', '/healthz/etcd', '/metrics', '/.well-known/openid-configuration'].map((path) => ['anonymous', 'get', path, '', false] as const)),
  ['anonymous', 'create', 'selfsubjectaccessreviews.authorization.k8s.io', '', false],
  ['anonymous', 'list', 'namespaces', '', false],

  // system:monitoring: metrics and detailed health
  ['monitoring', 'get', '/metrics', '', true],
  ['monitoring', 'get', '/metrics/slis', '', true],
  ['monitoring', 'get', '/healthz/etcd', '', true],
  ['monitoring', 'get', '/readyz/shutdown', '', true],
  ['monitoring', 'get', '/livez/ping', '', true],
  ['monitoring', 'list', 'pods', '', false],

  // Service accounts: kube-dns's binding, issuer discovery for every service account
  ['sa kube-dns', 'list', 'services', '', true],
  ['sa kube-dns', 'watch', 'endpoints', '', true],
  ['sa kube-dns', 'get', 'services', 'default/web', false],
  ['sa default', 'get', '/.well-known/openid-configuration', '', true],
  ['sa default', 'get', '/openid/v1/jwks', '', true],
  ['sa default', 'list', 'pods', 'team-a', false],

  // system:masters: everything
  ['masters', 'delete', 'nodes', '/n1', true],
  ['masters', 'escalate', 'clusterroles.rbac.authorization.k8s.io', '/cluster-admin', true],
  ['masters', 'get', '/logs', '', true],
];

function attributesOf([identity, verb, target, where]: Row) {
  const who = IDENTITIES[identity]!;
  if (target.startsWith('/')) return pathAttributes(who, verb, target);
  const dot = target.indexOf('.');
  const [resource, group] = dot < 0 ? [target, ''] : [target.slice(0, dot), target.slice(dot + 1)];
  const [namespace = '', name = ''] = where.split('/');
  return resourceAttributes(who, verb, resource, { group, namespace, name });
}

describe('the bootstrap policy, as RBAC evaluates it', () => {
  it.each(MATRIX.map((row) => [`${row[0]} ${row[1]} ${row[2]}${row[3] ? ` in ${row[3]}` : ''}`, row] as const))('%s', (_name, row) => {
    const { decision, reason } = rbac.authorize(attributesOf(row));
    expect(decision, reason).toBe(row[4] ? 'Allow' : 'NoOpinion');
  });

  it('says which binding allowed a request', () => {
    expect(rbac.authorize(attributesOf(['scheduler', 'create', 'pods/binding', 'default/web', true])).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    );
    expect(rbac.authorize(attributesOf(['alice', 'list', 'pods', 'team-a', true])).reason).toBe('RBAC: allowed by RoleBinding "alice-view/team-a" of ClusterRole "view" to User "alice"');
    expect(rbac.authorize(attributesOf(['controller-manager', 'create', 'endpointslices.discovery.k8s.io', 'default', true])).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "kubeledger:controller-manager:endpointslice-controller" of ClusterRole "system:controller:endpointslice-controller" to User "system:kube-controller-manager"',
    );
    expect(rbac.authorize(attributesOf(['anonymous', 'get', '/healthz', '', true])).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    );
  });
});
