import { describe, expect, it } from 'vitest';
import { objectKey, parseObjectKey, prefixEnd, scopePrefix } from './object-ref.js';

describe('object keys', () => {
  it('round-trips core, grouped, namespaced and cluster-scoped refs', () => {
    for (const ref of [
      { group: '', resource: 'pods', namespace: 'default', name: 'web-1' },
      { group: 'apps', resource: 'deployments', namespace: 'kube-system', name: 'coredns' },
      { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespace: '', name: 'system:controller:x' },
      { group: '', resource: 'configmaps', namespace: 'default', name: 'kube-root-ca.crt' },
    ]) {
      expect(parseObjectKey(objectKey(ref))).toEqual(ref);
    }
    expect(objectKey({ group: '', resource: 'nodes', namespace: '', name: 'n1' })).toBe('/_/nodes/_/n1');
  });

  it('scopes prefixes so that every key of the scope sorts inside [prefix, prefixEnd)', () => {
    const prefix = scopePrefix({ group: '', resource: 'pods', namespace: 'default' });
    expect(prefix).toBe('/_/pods/default/');
    const key = objectKey({ group: '', resource: 'pods', namespace: 'default', name: 'zzz' });
    expect(key > prefix && key < prefixEnd(prefix)).toBe(true);
    const other = objectKey({ group: '', resource: 'pods', namespace: 'default2', name: 'a' });
    expect(other > prefix && other < prefixEnd(prefix)).toBe(false);
    expect(scopePrefix({ group: 'apps', resource: 'deployments' })).toBe('/apps/deployments/');
  });

  it('rejects strings that are not keys', () => {
    expect(() => parseObjectKey('/_/pods/default')).toThrow();
    expect(() => parseObjectKey('pods/default/x/y')).toThrow();
  });
});
