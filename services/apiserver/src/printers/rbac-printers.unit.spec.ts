import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { defaultPrinter } from './default-printer.js';
import { printerFor } from './printers.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const RBAC = 'rbac.authorization.k8s.io';

describe('RBAC printers (upstream printRoleBinding, printClusterRoleBinding)', () => {
  it('prints NAME ROLE AGE and the wide USERS GROUPS SERVICEACCOUNTS', () => {
    expect(roleBindingPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1']);
    expect(roleBindingPrinter.columns[3]!.description).toBe('Users in the roleBinding');
    expect(clusterRoleBindingPrinter.columns[5]!.description).toBe('ServiceAccounts in the clusterRoleBinding');
    const binding: KubeObject = {
      kind: 'RoleBinding',
      metadata: { name: 'devs', namespace: 'team-a', creationTimestamp: '2025-03-10T11:00:00Z' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { apiGroup: RBAC, kind: 'User', name: 'alice' },
        { apiGroup: RBAC, kind: 'User', name: 'bob' },
        { apiGroup: RBAC, kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
        { kind: 'ServiceAccount', name: 'local' },
      ],
    };
    expect(roleBindingPrinter.row(binding, NOW).cells).toEqual(['devs', 'ClusterRole/edit', '60m', 'alice, bob', 'devs', 'tools/ci, /local']);
    expect(clusterRoleBindingPrinter.row({ kind: 'ClusterRoleBinding', metadata: { name: 'system:node', creationTimestamp: '2025-03-10T11:59:00Z' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:node' } }, NOW).cells).toEqual(['system:node', 'ClusterRole/system:node', '60s', '', '', '']);
  });

  it('serves Roles and ClusterRoles with the default table (NAME, CREATED AT), as upstream has no printer for them', () => {
    expect(printerFor({ group: RBAC, resource: 'roles' })).toBe(defaultPrinter);
    expect(printerFor({ group: RBAC, resource: 'clusterroles' })).toBe(defaultPrinter);
    expect(printerFor({ group: RBAC, resource: 'rolebindings' })).toBe(roleBindingPrinter);
    expect(printerFor({ group: RBAC, resource: 'clusterrolebindings' })).toBe(clusterRoleBindingPrinter);
  });
});
