import { describe, expect, it } from 'vitest';
import { GC_RESOURCES, groupOf, resourceForKind } from './gc-resources.js';

describe('resourceForKind', () => {
  it('maps an owner reference to the watched resource by group and kind, whatever its version', () => {
    expect(resourceForKind('apps/v1', 'ReplicaSet')).toMatchObject({ group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true });
    expect(resourceForKind('apps/v1beta2', 'Deployment')).toMatchObject({ resource: 'deployments', apiVersion: 'apps/v1' });
    expect(resourceForKind('v1', 'Node')).toMatchObject({ group: '', resource: 'nodes', namespaced: false });
  });

  it('knows no kind the cluster does not serve, nor one of another group', () => {
    expect(resourceForKind('example.com/v1', 'Widget')).toBeUndefined();
    expect(resourceForKind('v1', 'ReplicaSet')).toBeUndefined();
    expect(resourceForKind('v1', 'Event')).toBeUndefined(); // ignored, as upstream's default
  });

  it('lists each resource once, with its apiVersion', () => {
    expect(new Set(GC_RESOURCES.map((r) => `${r.group}/${r.resource}`)).size).toBe(GC_RESOURCES.length);
    for (const r of GC_RESOURCES) expect(r.apiVersion).toBe(r.group ? `${r.group}/${r.version}` : r.version);
    expect(groupOf('rbac.authorization.k8s.io/v1')).toBe('rbac.authorization.k8s.io');
  });
});
