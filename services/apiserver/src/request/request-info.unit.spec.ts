import { describe, expect, it } from 'vitest';
import { requestInfo } from './request-info.js';

const pick = (method: string, url: string) => {
  const r = requestInfo(method, url);
  return { resource: r.isResourceRequest, verb: r.verb, group: r.apiGroup, version: r.apiVersion, ns: r.namespace, res: r.resource, sub: r.subresource, name: r.name };
};

describe('requestInfo', () => {
  it('reads resource requests as upstream does', () => {
    expect(pick('GET', '/api/v1/namespaces/default/pods')).toEqual({ resource: true, verb: 'list', group: '', version: 'v1', ns: 'default', res: 'pods', sub: '', name: '' });
    expect(pick('GET', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=5')).toMatchObject({ verb: 'watch', res: 'pods' });
    expect(pick('GET', '/api/v1/namespaces/default/pods/web')).toMatchObject({ verb: 'get', name: 'web' });
    expect(pick('GET', '/api/v1/namespaces/default/pods/web/log')).toMatchObject({ verb: 'get', name: 'web', sub: 'log' });
    expect(pick('POST', '/api/v1/namespaces/default/pods/web/binding')).toMatchObject({ verb: 'create', sub: 'binding' });
    expect(pick('PUT', '/apis/apps/v1/namespaces/ns/deployments/web/scale')).toMatchObject({ verb: 'update', group: 'apps', res: 'deployments', sub: 'scale' });
    expect(pick('PATCH', '/apis/apps/v1/namespaces/ns/deployments/web')).toMatchObject({ verb: 'patch' });
    expect(pick('DELETE', '/api/v1/namespaces/default/configmaps')).toMatchObject({ verb: 'deletecollection', res: 'configmaps' });
    expect(pick('DELETE', '/api/v1/namespaces/default/configmaps/c')).toMatchObject({ verb: 'delete', name: 'c' });
    expect(pick('GET', '/api/v1/pods')).toMatchObject({ verb: 'list', ns: '', res: 'pods' });
    expect(pick('GET', '/api/v1/nodes/n1/status')).toMatchObject({ verb: 'get', res: 'nodes', name: 'n1', sub: 'status' });
  });

  it('treats the namespace itself, and its status and finalize, as the namespaces resource', () => {
    expect(pick('GET', '/api/v1/namespaces/kube-system')).toMatchObject({ res: 'namespaces', name: 'kube-system', ns: 'kube-system' });
    expect(pick('PUT', '/api/v1/namespaces/x/finalize')).toMatchObject({ res: 'namespaces', name: 'x', sub: 'finalize' });
    expect(pick('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', res: 'namespaces', ns: '' });
  });

  it('takes an exact metadata.name field selector as the name, and the deprecated watch path', () => {
    expect(pick('GET', '/api/v1/namespaces/d/pods?fieldSelector=metadata.name%3Dweb&watch=1')).toMatchObject({ verb: 'watch', name: 'web' });
    expect(pick('GET', '/api/v1/watch/namespaces/d/pods')).toMatchObject({ verb: 'watch', res: 'pods', ns: 'd' });
  });

  it('leaves discovery and other paths as non-resource requests', () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/healthz', '/openapi/v3']) {
      expect(requestInfo('GET', path)).toMatchObject({ isResourceRequest: false, verb: 'get', path });
    }
  });
});
