import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDiscoveryRoutes } from '../../discovery/discovery-routes.js';
import { loadOpenApiDocuments } from '../../openapi/openapi-documents.js';
import { RESOURCES } from '../resources.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('rbac.authorization.k8s.io/v1 in discovery and OpenAPI (driven by the resource table)', () => {
  it('lists the four resources as upstream: every verb, no short names, no categories', async () => {
    const app = Fastify();
    registerDiscoveryRoutes(app, RESOURCES);
    const list = (await app.inject({ url: '/apis/rbac.authorization.k8s.io/v1' })).json();
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: 'rbac.authorization.k8s.io/v1' });
    expect(list.resources).toEqual([
      { name: 'roles', singularName: 'role', namespaced: true, kind: 'Role', verbs: VERBS },
      { name: 'rolebindings', singularName: 'rolebinding', namespaced: true, kind: 'RoleBinding', verbs: VERBS },
      { name: 'clusterroles', singularName: 'clusterrole', namespaced: false, kind: 'ClusterRole', verbs: VERBS },
      { name: 'clusterrolebindings', singularName: 'clusterrolebinding', namespaced: false, kind: 'ClusterRoleBinding', verbs: VERBS },
    ]);
  });

  it('has an OpenAPI v3 document and the v2 definitions', () => {
    const docs = loadOpenApiDocuments(RESOURCES);
    const v3 = JSON.parse(docs.v3.get('apis/rbac.authorization.k8s.io/v1')!.body.toString());
    expect(Object.keys(v3.components.schemas)).toEqual(expect.arrayContaining(['io.k8s.api.rbac.v1.Role', 'io.k8s.api.rbac.v1.ClusterRoleBinding']));
    expect(v3.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings/{name}']).toBeDefined();
  });
});
