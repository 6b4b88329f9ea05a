import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES, CONTROLLER_CLUSTER_ROLES, CONTROLLER_MANAGER_ROLE_BINDINGS } from './bootstrap-policy.js';
import { reconcileRole, reconcileRoleBinding } from './reconcile.js';
import type { PolicyRule } from '../rbac/rbac-types.js';
import { rulesAllow } from '../rbac/rule-matching.js';

const RBAC = 'rbac.authorization.k8s.io';
const names = (objects: readonly KubeObject[]) => objects.map((o) => o.metadata?.name);
const find = (objects: readonly KubeObject[], name: string) => structuredClone(objects.find((o) => o.metadata?.name === name)!);

describe('the bootstrap policy data', () => {
  it("binds the apiserver's kubelet client to upstream's system:kubelet-api-admin, which allows nodes/proxy (pods/log) and not more than the kubelet API", () => {
    expect(find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'kubeledger:kube-apiserver-kubelet-client')).toMatchObject({
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:kubelet-api-admin' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: 'kube-apiserver-kubelet-client' }],
    });
    const rules = find(BOOTSTRAP_CLUSTER_ROLES, 'system:kubelet-api-admin')['rules'] as PolicyRule[];
    const allows = (verb: string, resource: string, subresource = '') => rulesAllow({ verb, isResourceRequest: true, path: '', apiGroup: '', resource, subresource, name: 'node-1' }, rules);
    expect(allows('get', 'nodes', 'proxy')).toBe(true);
    expect(allows('create', 'nodes', 'proxy')).toBe(true);
    expect(allows('get', 'nodes', 'log')).toBe(true);
    expect(allows('get', 'pods', 'log')).toBe(false);
    expect(allows('delete', 'nodes')).toBe(false);
  });


  it('holds the roles that matter here, and every role a binding or an aggregation needs', () => {
    expect(names(BOOTSTRAP_CLUSTER_ROLES)).toEqual(
      expect.arrayContaining([
        'cluster-admin', 'admin', 'edit', 'view', 'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view',
        'system:kube-scheduler', 'system:kube-controller-manager', 'system:node', 'system:node-proxier', 'system:basic-user',
        'system:public-info-viewer', 'system:discovery', 'system:volume-scheduler', 'system:monitoring',
      ]),
    );
    for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
      expect(names(BOOTSTRAP_CLUSTER_ROLES), binding.metadata?.name).toContain((binding['roleRef'] as { name: string }).name);
    }
    expect(new Set(names(BOOTSTRAP_CLUSTER_ROLES)).size).toBe(BOOTSTRAP_CLUSTER_ROLES.length);
    expect(new Set(names(BOOTSTRAP_CLUSTER_ROLE_BINDINGS)).size).toBe(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.length);
  });

  it('is upstream\'s objects without server-set metadata, labelled and annotated for reconciliation', () => {
    for (const object of [...BOOTSTRAP_CLUSTER_ROLES, ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS]) {
      expect(object.apiVersion).toBe(`${RBAC}/v1`);
      expect(Object.keys(object.metadata!).sort()).toEqual(['annotations', 'labels', 'name']);
      expect(object.metadata).toMatchObject({ labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } });
    }
    expect(find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'cluster-admin')['subjects']).toEqual([{ apiGroup: RBAC, kind: 'Group', name: 'system:masters' }]);
    expect(find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'system:public-info-viewer')['subjects']).toEqual([
      { apiGroup: RBAC, kind: 'Group', name: 'system:authenticated' },
      { apiGroup: RBAC, kind: 'Group', name: 'system:unauthenticated' },
    ]);
    expect(find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'system:node')['subjects']).toBeUndefined();
    expect(find(BOOTSTRAP_CLUSTER_ROLES, 'edit')).toMatchObject({ rules: null, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }] } });
  });
});

describe('the controller roles and the controller-manager\'s bindings (a deviation: one identity)', () => {
  const CONTROLLERS = [
    'cronjob-controller', 'daemon-set-controller', 'deployment-controller', 'disruption-controller', 'endpointslice-controller', 'generic-garbage-collector',
    'job-controller', 'namespace-controller', 'node-controller', 'replicaset-controller', 'root-ca-cert-publisher', 'service-account-controller',
    'ttl-after-finished-controller',
  ];

  it('holds upstream\'s system:controller:<name> roles of the controllers kubeledger runs, in the bootstrap roles', () => {
    expect(names(CONTROLLER_CLUSTER_ROLES)).toEqual(CONTROLLERS.map((c) => `system:controller:${c}`));
    expect(names(BOOTSTRAP_CLUSTER_ROLES)).toEqual(expect.arrayContaining(names(CONTROLLER_CLUSTER_ROLES)));
    expect(find(CONTROLLER_CLUSTER_ROLES, 'system:controller:endpointslice-controller')['rules']).toContainEqual({
      apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['create', 'delete', 'get', 'list', 'update'],
    });
    expect(find(CONTROLLER_CLUSTER_ROLES, 'system:controller:node-controller')['rules']).toContainEqual({ apiGroups: [''], resources: ['nodes'], verbs: ['delete', 'get', 'list', 'patch', 'update'] });
  });

  it('binds each of them to the user system:kube-controller-manager, one kubeledger:controller-manager:<name> binding per role', () => {
    expect(names(CONTROLLER_MANAGER_ROLE_BINDINGS)).toEqual(CONTROLLERS.map((c) => `kubeledger:controller-manager:${c}`));
    for (const binding of CONTROLLER_MANAGER_ROLE_BINDINGS) {
      const controller = binding.metadata!.name!.slice('kubeledger:controller-manager:'.length);
      expect(binding['roleRef']).toEqual({ apiGroup: RBAC, kind: 'ClusterRole', name: `system:controller:${controller}` });
      expect(binding['subjects']).toEqual([{ apiGroup: RBAC, kind: 'User', name: 'system:kube-controller-manager' }]);
    }
    expect(names(BOOTSTRAP_CLUSTER_ROLE_BINDINGS)).toEqual(expect.arrayContaining(names(CONTROLLER_MANAGER_ROLE_BINDINGS)));
  });
});

const stored = (object: KubeObject): KubeObject => ({ ...structuredClone(object), metadata: { ...object.metadata, uid: 'u1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z' } });

describe('reconcileRole (pkg/registry/rbac/reconciliation, union mode)', () => {
  const scheduler = find(BOOTSTRAP_CLUSTER_ROLES, 'system:kube-scheduler');

  it('writes nothing when the stored role is the bootstrap one', () => {
    expect(reconcileRole(stored(scheduler), scheduler)).toMatchObject({ operation: 'none', protected: false, missingRules: [], extraRules: [] });
    expect(reconcileRole(stored(scheduler), scheduler).write).toBeUndefined();
  });

  it('adds the missing pieces of rules and keeps the user\'s additions, its resourceVersion kept', () => {
    const existing = stored(scheduler);
    const rules = existing['rules'] as Array<{ resources?: string[] }>;
    existing['rules'] = [...rules.filter((r) => !r.resources?.includes('pods/binding')), { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }];
    const decision = reconcileRole(existing, scheduler);
    expect(decision.operation).toBe('update');
    expect(decision.missingRules).toEqual([
      { apiGroups: [''], resources: ['bindings'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods/binding'], verbs: ['create'] },
    ]);
    expect(decision.extraRules).toEqual([{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }]);
    const written = decision.write!;
    expect(written.metadata).toMatchObject({ resourceVersion: '42', uid: 'u1' });
    expect((written['rules'] as unknown[]).slice(-3)).toEqual([
      { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] },
      { verbs: ['create'], apiGroups: [''], resources: ['bindings'] },
      { verbs: ['create'], apiGroups: [''], resources: ['pods/binding'] },
    ]);
    expect(reconcileRole(written, scheduler).operation).toBe('none'); // idempotent
  });

  it('merges labels and annotations under the stored ones', () => {
    const existing = stored(scheduler);
    existing.metadata = { ...existing.metadata, labels: { team: 'x' }, annotations: { note: 'mine', 'rbac.authorization.kubernetes.io/autoupdate': 'true' } };
    const decision = reconcileRole(existing, scheduler);
    expect(decision.operation).toBe('update');
    expect(decision.write!.metadata).toMatchObject({ labels: { team: 'x', 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { note: 'mine' } });
  });

  it('leaves a role annotated autoupdate "false" alone', () => {
    const existing = stored(scheduler);
    existing['rules'] = [];
    existing.metadata = { ...existing.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } };
    const decision = reconcileRole(existing, scheduler);
    expect(decision).toMatchObject({ operation: 'update', protected: true });
    expect(decision.write).toBeUndefined();
    expect(decision.missingRules.length).toBeGreaterThan(0);
  });

  it('adds missing aggregation selectors, and does not count an aggregated role\'s rules as extra', () => {
    const edit = find(BOOTSTRAP_CLUSTER_ROLES, 'edit');
    const existing = stored(edit);
    existing['rules'] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]; // written by aggregation
    existing['aggregationRule'] = { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-edit': 'true' } }] };
    const decision = reconcileRole(existing, edit);
    expect(decision.extraRules).toEqual([]);
    expect(decision.missingAggregationSelectors).toEqual([{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }]);
    expect(decision.write!['aggregationRule']).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-edit': 'true' } }, { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }],
    });
    expect(decision.write!['rules']).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  });
});

describe('reconcileRoleBinding', () => {
  const viewer = find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'system:public-info-viewer');

  it('adds missing subjects and keeps the user\'s', () => {
    const existing = stored(viewer);
    existing['subjects'] = [{ apiGroup: RBAC, kind: 'Group', name: 'system:authenticated' }, { apiGroup: RBAC, kind: 'User', name: 'extra' }];
    const decision = reconcileRoleBinding(existing, viewer);
    expect(decision).toMatchObject({ operation: 'update', protected: false, missingSubjects: [{ kind: 'Group', name: 'system:unauthenticated' }], extraSubjects: [{ kind: 'User', name: 'extra' }] });
    expect(decision.write!['subjects']).toEqual([
      { apiGroup: RBAC, kind: 'Group', name: 'system:authenticated' },
      { apiGroup: RBAC, kind: 'User', name: 'extra' },
      { apiGroup: RBAC, kind: 'Group', name: 'system:unauthenticated' },
    ]);
    expect(reconcileRoleBinding(decision.write!, viewer).operation).toBe('none');
  });

  it('replaces a binding to another role (roleRef is immutable), unless protected', () => {
    const existing = stored(viewer);
    existing['roleRef'] = { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' };
    expect(reconcileRoleBinding(existing, viewer)).toMatchObject({ operation: 'recreate', write: viewer });
    existing.metadata = { ...existing.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } };
    const protectedDecision = reconcileRoleBinding(existing, viewer);
    expect(protectedDecision).toMatchObject({ operation: 'recreate', protected: true });
    expect(protectedDecision.write).toBeUndefined();
  });

  it('needs nothing for the subject-less system:node binding', () => {
    const node = find(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, 'system:node');
    expect(reconcileRoleBinding(stored(node), node).operation).toBe('none');
  });
});
