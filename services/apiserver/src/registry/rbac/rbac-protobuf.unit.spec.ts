import { decodeKubernetesProtobuf } from '@kubeledger/api';
import { encodeKubernetesProtobuf } from '@kubeledger/api/testing';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_CLUSTER_ROLES } from '../../authorization/bootstrap-policy/bootstrap-policy.js';

// kubectl create role / rolebinding / clusterrole / clusterrolebinding send protobuf bodies.
const RBAC = 'rbac.authorization.k8s.io';
const meta = { name: 'x', namespace: 'team-a', creationTimestamp: '2025-03-01T10:20:30Z' };
const OBJECTS = [
  { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: meta, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['web'] }] },
  { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'x' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/healthz/*'] }], aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['d'] }] }] } },
  { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: meta, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', apiGroup: RBAC, name: 'alice' }, { kind: 'ServiceAccount', name: 'default', namespace: 'team-a' }] },
  { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'x' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', apiGroup: RBAC, name: 'system:masters' }] },
];

describe('protobuf bodies of the RBAC kinds', () => {
  it.each(OBJECTS.map((o) => [o.kind, o] as const))('%s decodes to the JSON object', (_kind, object) => {
    expect(decodeKubernetesProtobuf(encodeKubernetesProtobuf(object))).toEqual(object);
  });

  it('round-trips every bootstrap ClusterRole', () => {
    for (const role of BOOTSTRAP_CLUSTER_ROLES) {
      const object = { ...role, rules: role['rules'] ?? [] };
      const decoded = decodeKubernetesProtobuf(encodeKubernetesProtobuf(object)) as Record<string, unknown>;
      expect({ ...decoded, rules: decoded['rules'] ?? [] }).toEqual(object);
    }
  });
});
