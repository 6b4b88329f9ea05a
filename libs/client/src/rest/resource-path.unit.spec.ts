import { describe, expect, it } from 'vitest';
import { collectionPath, objectPath, resourcePath, withQuery } from './resource-path.js';
import { CONFIGMAPS, DEPLOYMENTS, ENDPOINTSLICES, EVENTS, EVENTS_K8S_IO, LEASES, NAMESPACES, NODES, PODS, refName, REPLICASETS } from './resource-ref.js';

describe('resourcePath', () => {
  it('puts the core group under /api and the others under /apis/<group>', () => {
    expect(resourcePath(PODS)).toBe('/api/v1/pods');
    expect(resourcePath(PODS, 'default')).toBe('/api/v1/namespaces/default/pods');
    expect(resourcePath(PODS, 'default', 'web')).toBe('/api/v1/namespaces/default/pods/web');
    expect(resourcePath(PODS, 'default', 'web', 'binding')).toBe('/api/v1/namespaces/default/pods/web/binding');
    expect(resourcePath(DEPLOYMENTS, 'apps-ns', 'front', 'scale')).toBe('/apis/apps/v1/namespaces/apps-ns/deployments/front/scale');
    expect(resourcePath(REPLICASETS)).toBe('/apis/apps/v1/replicasets');
    expect(resourcePath(ENDPOINTSLICES, 'x')).toBe('/apis/discovery.k8s.io/v1/namespaces/x/endpointslices');
    expect(resourcePath(LEASES, 'kube-node-lease', 'node-1')).toBe('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1');
    expect(resourcePath(EVENTS, 'default')).toBe('/api/v1/namespaces/default/events');
    expect(resourcePath(EVENTS_K8S_IO, 'default')).toBe('/apis/events.k8s.io/v1/namespaces/default/events');
  });

  it('addresses cluster-scoped resources without a namespace, and refuses one', () => {
    expect(resourcePath(NODES, undefined, 'node-1', 'status')).toBe('/api/v1/nodes/node-1/status');
    expect(resourcePath(NAMESPACES, '', 'default')).toBe('/api/v1/namespaces/default');
    expect(() => resourcePath(NODES, 'default', 'node-1')).toThrow(/cluster-scoped/);
  });

  it('percent-encodes every segment, so a name cannot climb out of its collection', () => {
    expect(resourcePath(CONFIGMAPS, 'a b', 'x/../../secrets')).toBe('/api/v1/namespaces/a%20b/configmaps/x%2F..%2F..%2Fsecrets');
    expect(resourcePath(CONFIGMAPS, 'ns', 'é?#')).toBe('/api/v1/namespaces/ns/configmaps/%C3%A9%3F%23');
    expect(() => resourcePath(CONFIGMAPS, 'ns', '..')).toThrow(/not a valid path segment/);
  });

  it('needs a name for a subresource, and a namespace for one namespaced object or collection to create in', () => {
    expect(() => resourcePath(PODS, 'default', undefined, 'status')).toThrow(/needs an object name/);
    expect(() => objectPath(PODS, undefined, 'web')).toThrow(/namespace is required/);
    expect(() => objectPath(PODS, 'default', '')).toThrow(/name is required/);
    expect(() => collectionPath(CONFIGMAPS, '')).toThrow(/namespace is required/);
    expect(collectionPath(NODES, undefined)).toBe('/api/v1/nodes');
  });

  it('names resources as upstream messages do', () => {
    expect(refName(PODS)).toBe('pods');
    expect(refName(DEPLOYMENTS)).toBe('deployments.apps');
  });
});

describe('withQuery', () => {
  it('adds the defined, non-empty values, URL-encoded', () => {
    expect(withQuery('/api/v1/pods', {})).toBe('/api/v1/pods');
    expect(withQuery('/api/v1/pods', { labelSelector: 'app=web,tier in (a,b)', limit: 5, continue: undefined, fieldSelector: '' })).toBe(
      '/api/v1/pods?labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&limit=5',
    );
    expect(withQuery('/p', { dryRun: 'All', force: true })).toBe('/p?dryRun=All&force=true');
  });
});
