import { describe, expect, it } from 'vitest';
import { findResource } from '../registry/resources.js';
import { requestInfo } from '../request/request-info.js';
import { HISTORY_ROUTE, historyObjectUrl } from '../request/history-request.js';
import { requestLabels } from './request-labels.js';

const labels = (method: string, url: string, contentType?: string, route?: string) =>
  requestLabels({ method, url, contentType, info: requestInfo(method, url), route }, findResource);

describe('requestLabels (upstream apiserver_request_total labels)', () => {
  it('reports upstream’s verbs and scopes for resource requests', () => {
    expect(labels('GET', '/api/v1/namespaces/default/configmaps/a')).toEqual({
      verb: 'GET', dry_run: '', group: '', version: 'v1', resource: 'configmaps', subresource: '', scope: 'resource', component: 'apiserver',
    });
    expect(labels('GET', '/api/v1/namespaces/default/configmaps')).toMatchObject({ verb: 'LIST', scope: 'namespace' });
    expect(labels('GET', '/api/v1/configmaps')).toMatchObject({ verb: 'LIST', scope: 'cluster' });
    expect(labels('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Da')).toMatchObject({ verb: 'LIST', scope: 'namespace' });
    expect(labels('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'LIST', resource: 'namespaces', scope: 'cluster' });
    expect(labels('GET', '/api/v1/namespaces/kube-system')).toMatchObject({ verb: 'GET', resource: 'namespaces', scope: 'resource' });
    expect(labels('POST', '/apis/apps/v1/namespaces/ns/deployments')).toMatchObject({ verb: 'POST', group: 'apps', scope: 'resource' });
    expect(labels('PUT', '/apis/apps/v1/namespaces/ns/deployments/web/status')).toMatchObject({ verb: 'PUT', subresource: 'status', scope: 'resource' });
    expect(labels('PATCH', '/api/v1/namespaces/ns/configmaps/c', 'application/merge-patch+json')).toMatchObject({ verb: 'PATCH' });
    expect(labels('PATCH', '/api/v1/namespaces/ns/configmaps/c', 'application/apply-patch+yaml; charset=utf-8')).toMatchObject({ verb: 'APPLY' });
    expect(labels('DELETE', '/api/v1/namespaces/ns/configmaps/c')).toMatchObject({ verb: 'DELETE', scope: 'resource' });
    expect(labels('DELETE', '/api/v1/namespaces/ns/configmaps')).toMatchObject({ verb: 'DELETE', scope: 'namespace' });
    expect(labels('GET', '/api/v1/namespaces/ns/pods/p/log')).toMatchObject({ verb: 'CONNECT', resource: 'pods', subresource: 'log' });
    expect(labels('POST', '/api/v1/namespaces/ns/pods/p/exec')).toMatchObject({ verb: 'CONNECT', resource: '', subresource: '' }); // not served
  });

  it('reports watches as WATCH, by parameter or by the deprecated path', () => {
    expect(labels('GET', '/api/v1/namespaces/ns/pods?watch=true')).toMatchObject({ verb: 'WATCH', scope: 'namespace' });
    expect(labels('GET', '/api/v1/namespaces/ns/pods?watch=1')).toMatchObject({ verb: 'WATCH' });
    expect(labels('GET', '/api/v1/namespaces/ns/pods?watch=false')).toMatchObject({ verb: 'LIST' });
    expect(labels('GET', '/api/v1/watch/namespaces/ns/pods')).toMatchObject({ verb: 'WATCH', resource: 'pods', scope: 'namespace' });
    expect(labels('GET', '/api/v1/namespaces/ns/pods/p?watch=yes')).toMatchObject({ verb: 'WATCH', scope: 'resource' });
  });

  it('records the dry-run value, or invalid', () => {
    expect(labels('POST', '/api/v1/namespaces/ns/configmaps?dryRun=All')).toMatchObject({ dry_run: 'All' });
    expect(labels('POST', '/api/v1/namespaces/ns/configmaps?dryRun=All&dryRun=All')).toMatchObject({ dry_run: 'All' });
    expect(labels('POST', '/api/v1/namespaces/ns/configmaps?dryRun=Some')).toMatchObject({ dry_run: 'invalid' });
  });

  it('names non-resource requests by their route, and leaves resources the server does not serve unlabelled', () => {
    expect(labels('GET', '/openapi/v3/apis/apps/v1?hash=X', undefined, '/openapi/v3/*')).toEqual({
      verb: 'GET', dry_run: '', group: '', version: '', resource: '', subresource: '/openapi/v3/*', scope: '', component: 'apiserver',
    });
    expect(labels('GET', '/no/such/path')).toMatchObject({ verb: 'GET', subresource: '', scope: '' });
    expect(labels('OPTIONS', '/healthz', undefined, '/healthz')).toMatchObject({ verb: 'other' });
    expect(labels('GET', '/apis/example.com/v1/widgets/w')).toMatchObject({ verb: 'GET', group: '', resource: '', scope: '' });
    expect(labels('GET', '/api/v1/namespaces/ns/configmaps/c/nonsense')).toMatchObject({ resource: '', subresource: '', scope: '' });
  });

  it('labels a GET of an object\'s history as the object\'s GET with subresource history', () => {
    const history = (url: string) => requestLabels({ method: 'GET', url, contentType: undefined, info: requestInfo('GET', historyObjectUrl(url)!), route: HISTORY_ROUTE }, findResource);
    expect(history('/kubeledger/history/apis/apps/v1/namespaces/default/deployments/web')).toEqual({
      verb: 'GET', dry_run: '', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'history', scope: 'resource', component: 'apiserver',
    });
    expect(history('/kubeledger/history/apis/example.com/v1/widgets/w')).toMatchObject({ verb: 'GET', resource: '', subresource: '', scope: '' });
  });
});
