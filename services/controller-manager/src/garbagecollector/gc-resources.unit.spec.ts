import { describe, expect, it } from 'vitest';
import { deletableResources, GcResourceMap, groupOf } from './gc-resources.js';
import { SERVED_RESOURCES } from './testing/served-resources.js';

describe('deletableResources', () => {
  it('takes what discovery serves with list, watch and delete, less events (core and events.k8s.io), with the kind and apiVersion', () => {
    const resources = deletableResources(SERVED_RESOURCES);
    expect(resources.map((r) => `${r.apiVersion} ${r.resource} ${r.kind}`)).toEqual([
      'v1 namespaces Namespace',
      'v1 nodes Node',
      'v1 pods Pod',
      'v1 configmaps ConfigMap',
      'apps/v1 replicasets ReplicaSet',
      'apps/v1 deployments Deployment',
    ]);
    expect(resources.find((r) => r.resource === 'nodes')).toMatchObject({ group: '', version: 'v1', namespaced: false });
  });

  it('skips a resource missing any of the three verbs', () => {
    const base = { group: 'example.com', version: 'v1', resource: 'widgets', kind: 'Widget', namespaced: true };
    expect(deletableResources([{ ...base, verbs: ['get', 'list', 'watch'] }])).toEqual([]);
    expect(deletableResources([{ ...base, verbs: ['delete', 'list'] }])).toEqual([]);
    expect(deletableResources([{ ...base, verbs: ['delete', 'list', 'watch'] }])).toHaveLength(1);
  });
});

describe('GcResourceMap', () => {
  const map = new GcResourceMap(deletableResources(SERVED_RESOURCES));

  it('maps an owner reference to the watched resource by group and kind, whatever its version', () => {
    expect(map.forKind('apps/v1', 'ReplicaSet')).toMatchObject({ group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true });
    expect(map.forKind('apps/v1beta2', 'Deployment')).toMatchObject({ resource: 'deployments', apiVersion: 'apps/v1' });
    expect(map.forKind('v1', 'Node')).toMatchObject({ group: '', resource: 'nodes', namespaced: false });
  });

  it('knows no kind the cluster does not serve, nor one of another group, nor the ignored events', () => {
    expect(map.forKind('example.com/v1', 'Widget')).toBeUndefined();
    expect(map.forKind('v1', 'ReplicaSet')).toBeUndefined();
    expect(map.forKind('v1', 'Event')).toBeUndefined();
    expect(map.forKind('events.k8s.io/v1', 'Event')).toBeUndefined();
  });

  it('adds only the resources it does not hold, answering those', () => {
    const grown = new GcResourceMap(deletableResources(SERVED_RESOURCES.slice(0, 2)));
    const added = grown.add(deletableResources(SERVED_RESOURCES));
    expect(added.map((r) => r.resource)).toEqual(['pods', 'configmaps', 'replicasets', 'deployments']);
    expect(grown.resources).toHaveLength(6);
    expect(grown.add(deletableResources(SERVED_RESOURCES))).toEqual([]);
    expect(grown.forKind('apps/v1', 'Deployment')?.resource).toBe('deployments');
    expect(groupOf('rbac.authorization.k8s.io/v1')).toBe('rbac.authorization.k8s.io');
  });
});
