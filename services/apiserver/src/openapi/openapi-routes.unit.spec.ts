import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadOpenApiV3 } from './openapi-v3.js';
import { registerOpenApiRoutes } from './openapi-routes.js';

const docs = loadOpenApiV3();
const app = Fastify();
registerOpenApiRoutes(app, docs);

describe('/openapi/v3', () => {
  it('lists each group-version document by its hashed URL', async () => {
    const root = (await app.inject({ url: '/openapi/v3' })).json();
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/discovery.k8s.io/v1']));
    expect(root.paths['api/v1'].serverRelativeURL).toBe(`/openapi/v3/api/v1?hash=${docs.get('api/v1')!.hash}`);
  });

  it('serves a document: immutable at its current hash, 301 from an old one, 304 when unchanged, 404 when unknown', async () => {
    const { hash } = docs.get('apis/apps/v1')!;
    const current = await app.inject({ url: `/openapi/v3/apis/apps/v1?hash=${hash}` });
    expect(current.statusCode).toBe(200);
    expect(current.headers['cache-control']).toBe('public, immutable');
    expect(current.json().components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    const old = await app.inject({ url: '/openapi/v3/apis/apps/v1?hash=OLD' });
    expect(old.statusCode).toBe(301);
    expect(old.headers['location']).toBe(`/openapi/v3/apis/apps/v1?hash=${hash}`);
    expect((await app.inject({ url: '/openapi/v3/apis/apps/v1', headers: { 'if-none-match': `"${hash}"` } })).statusCode).toBe(304);
    const missing = await app.inject({ url: '/openapi/v3/apis/example.com/v1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });
});
