import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../registry/resources.js';
import { AGGREGATED_DISCOVERY_V2 } from './discovery-documents.js';
import { registerDiscoveryRoutes } from './discovery-routes.js';

const app = Fastify();
registerDiscoveryRoutes(app, RESOURCES);
const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('serves /version as a 1.35 server', async () => {
    const body = (await app.inject({ url: '/version' })).json();
    expect(body).toMatchObject({ major: '1', minor: '35', gitVersion: expect.stringMatching(/^v1\.35\./) });
  });

  it('serves legacy discovery: /api, /apis, group and group-version documents', async () => {
    expect((await app.inject({ url: '/api', headers: { host: '127.0.0.1:6443' } })).json()).toEqual({
      kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
    const groups = (await app.inject({ url: '/apis' })).json();
    const names = groups.groups.map((g: { name: string }) => g.name);
    expect(names).toEqual([...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))]); // table order
    expect(names).toEqual(expect.arrayContaining(['apps', 'batch', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'rbac.authorization.k8s.io']));
    expect(groups.groups[0]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    expect((await app.inject({ url: '/apis/batch' })).json()).toMatchObject({ kind: 'APIGroup', name: 'batch' });

    const core = (await app.inject({ url: '/api/v1' })).json();
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(core.resources.find((r: { name: string }) => r.name === 'pods')).toEqual({
      name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['po'], categories: ['all'],
    });
    expect(core.resources.find((r: { name: string }) => r.name === 'pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    const apps = (await app.inject({ url: '/apis/apps/v1' })).json();
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('answers aggregated discovery when asked, with its content type', async () => {
    const res = await app.inject({ url: '/apis', headers: { accept: AGGREGATED_ACCEPT } });
    expect(res.headers['content-type']).toBe(AGGREGATED_DISCOVERY_V2);
    const apps = res.json().items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deployments).toMatchObject({ responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, scope: 'Namespaced', singularResource: 'deployment', shortNames: ['deploy'], categories: ['all'] });
    expect(deployments.subresources.map((s: { subresource: string }) => s.subresource)).toEqual(['scale', 'status']);
    const core = (await app.inject({ url: '/api', headers: { accept: AGGREGATED_ACCEPT } })).json();
    expect(core.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['']);
    expect(core.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'nodes')).toMatchObject({ scope: 'Cluster' });
  });

  it('answers 404 with a Status for groups it does not serve', async () => {
    const res = await app.inject({ url: '/apis/example.com/v1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
  });
});
