import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../authentication/user-info.js';
import { forbiddenError, forbiddenMessage } from './forbidden-message.js';
import { pathAttributes, resourceAttributes, user } from './testing/attributes.js';

const alice = user('alice');

describe('forbidden messages (responsewriters.forbiddenMessage through apierrors.NewForbidden)', () => {
  it('names the collection for requests without a name, in the namespace', () => {
    expect(forbiddenMessage(resourceAttributes(alice, 'list', 'pods', { namespace: 'default' }), '')).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('names the object when the request names one', () => {
    expect(forbiddenMessage(resourceAttributes(alice, 'get', 'pods', { namespace: 'other', name: 'web' }), '')).toBe(
      'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "other"',
    );
  });

  it('qualifies the resource with its group, and writes subresources as resource/subresource', () => {
    expect(forbiddenMessage(resourceAttributes(alice, 'get', 'pods/log', { namespace: 'default', name: 'web' }), '')).toBe(
      'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(resourceAttributes(alice, 'update', 'deployments/scale', { group: 'apps', namespace: 'default', name: 'web' }), '')).toBe(
      'deployments.apps "web" is forbidden: User "alice" cannot update resource "deployments/scale" in API group "apps" in the namespace "default"',
    );
  });

  it('says "at the cluster scope" for cluster-scoped requests and for lists across namespaces', () => {
    expect(forbiddenMessage(resourceAttributes(alice, 'list', 'nodes'), '')).toBe('nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbiddenMessage(resourceAttributes(alice, 'create', 'clusterrolebindings', { group: 'rbac.authorization.k8s.io' }), '')).toBe(
      'clusterrolebindings.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope',
    );
  });

  it('names the path for non-resource requests', () => {
    expect(forbiddenMessage(pathAttributes(ANONYMOUS, 'get', '/api'), '')).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
  });

  it('appends the authorizers\' reason after a colon, unquoted, when there is one', () => {
    expect(forbiddenMessage(resourceAttributes(alice, 'list', 'pods', { namespace: 'default' }), 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found')).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('escapes what could read as HTML and quotes as Go does', () => {
    expect(forbiddenMessage(pathAttributes(user('<b>&'), 'get', '/x"y'), '')).toBe('forbidden: User "&lt;b&gt;&amp;" cannot get path "/x\\"y"');
  });

  it('builds the 403 Status upstream answers with', () => {
    expect(forbiddenError(resourceAttributes(alice, 'get', 'pods', { namespace: 'other', name: 'web' }), '').status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "other"',
      reason: 'Forbidden',
      details: { name: 'web', group: '', kind: 'pods' },
      code: 403,
    });
    expect(forbiddenError(pathAttributes(ANONYMOUS, 'get', '/api'), '').status).toMatchObject({ code: 403, reason: 'Forbidden', details: {} });
  });
});
