import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { renderError } from '../handlers/render-error.js';
import { groupVersion } from '../registry/resource-definition.js';
import { RESOURCES } from '../registry/resources.js';
import { groupVersionPath } from './openapi-document.js';
import { loadOpenApiDocuments } from './openapi-documents.js';
import { registerOpenApiRoutes } from './openapi-routes.js';

const docs = loadOpenApiDocuments(RESOURCES);
const app = Fastify();
app.setErrorHandler(renderError);
registerOpenApiRoutes(app, docs);

const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const PROTOBUF_V3 = 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf';
const refs = (node: unknown): string[] =>
  Array.isArray(node) ? node.flatMap(refs) : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refs(v))) : [];

describe('/openapi/v3', () => {
  it('lists every served group-version, and only those, by its hashed URL', async () => {
    const root = (await app.inject({ url: '/openapi/v3' })).json();
    const served = [...new Set(RESOURCES.map((r) => groupVersionPath(groupVersion(r))))].sort();
    expect(Object.keys(root.paths).sort()).toEqual(served);
    expect(served).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/events.k8s.io/v1']));
    expect(root.paths['api/v1'].serverRelativeURL).toBe(`/openapi/v3/api/v1?hash=${docs.v3.get('api/v1')!.hash}`);
    expect((await app.inject({ url: '/openapi/v3/apis/autoscaling/v2' })).statusCode).toBe(404); // vendored, but not served
  });

  it('serves a document: immutable at its current hash, 301 from an old one, 304 when unchanged, 404 when unknown', async () => {
    const { hash } = docs.v3.get('apis/apps/v1')!;
    const current = await app.inject({ url: `/openapi/v3/apis/apps/v1?hash=${hash}` });
    expect(current.statusCode).toBe(200);
    expect(current.headers['cache-control']).toBe('public, immutable');
    expect(current.headers['etag']).toBe(`"${hash}"`);
    expect(current.json().components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    const old = await app.inject({ url: '/openapi/v3/apis/apps/v1?hash=OLD' });
    expect(old.statusCode).toBe(301);
    expect(old.headers['location']).toBe(`/openapi/v3/apis/apps/v1?hash=${hash}`);
    expect((await app.inject({ url: '/openapi/v3/apis/apps/v1', headers: { 'if-none-match': `"${hash}"` } })).statusCode).toBe(304);
    expect((await app.inject({ url: '/openapi/v3/apis/apps/v1', headers: { 'if-none-match': `"other", W/"${hash}"` } })).statusCode).toBe(304);
    const missing = await app.inject({ url: '/openapi/v3/apis/example.com/v1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('serves the documents generated for coordination.k8s.io/v1 and events.k8s.io/v1', async () => {
    const schemas = (path: string) => app.inject({ url: `/openapi/v3/${path}` }).then((r) => r.json().components.schemas);
    expect((await schemas('apis/coordination.k8s.io/v1'))['io.k8s.api.coordination.v1.Lease']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'coordination.k8s.io', kind: 'Lease', version: 'v1' },
    ]);
    expect((await schemas('apis/events.k8s.io/v1'))['io.k8s.api.events.v1.Event'].properties.note.type).toBe('string');
  });

  it('answers JSON to clients that accept it, 406 to those that take only protobuf, and gzip to those that ask', async () => {
    const url = '/openapi/v3/apis/batch/v1';
    expect((await app.inject({ url, headers: { accept: 'application/json, */*' } })).headers['content-type']).toMatch(/^application\/json/);
    const refused = await app.inject({ url, headers: { accept: PROTOBUF_V3 } });
    expect(refused.statusCode).toBe(406);
    expect(refused.json()).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
    const gzipped = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).equals(docs.v3.get('apis/batch/v1')!.body)).toBe(true);
    expect((await app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0' } })).headers['content-encoding']).toBeUndefined();
  });
});

describe('/openapi/v2', () => {
  const swagger = docs.v2.body.toString();

  it('serves the Swagger document of the served APIs only, self-contained', () => {
    const doc = JSON.parse(swagger);
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/', '/apis/', '/version/', '/api/v1/namespaces/{namespace}/pods', '/apis/coordination.k8s.io/', '/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases']));
    expect(paths.filter((p) => /^\/apis\/(flowcontrol\.apiserver\.k8s\.io|autoscaling|storage\.k8s\.io)\//.test(p) || p.startsWith('/logs'))).toEqual([]);
    expect(doc.definitions['io.k8s.api.coordination.v1.Lease']).toBeDefined();
    expect(doc.definitions['io.k8s.api.rbac.v1.Role']).toBeDefined();
    expect(doc.definitions['io.k8s.api.storage.v1.StorageClass']).toBeUndefined();
    const missing = refs(doc).filter((r) => {
      const [, kind, name] = /^#\/(definitions|parameters)\/(.+)$/.exec(r)!;
      return doc[kind!][name!] === undefined;
    });
    expect(missing).toEqual([]);
    expect(doc).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes' } });
  });

  it('answers JSON with an ETag, 304 when unchanged, gzip when asked', async () => {
    const response = await app.inject({ url: '/openapi/v2', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toBe(swagger);
    const etag = response.headers['etag'] as string;
    expect(etag).toBe(`"${docs.v2.hash}"`);
    expect((await app.inject({ url: '/openapi/v2', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const gzipped = await app.inject({ url: '/openapi/v2', headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(swagger);
  });

  it('answers 406 to the protobuf-only Accept kubectl sends, and JSON when JSON is acceptable too', async () => {
    const refused = await app.inject({ url: '/openapi/v2', headers: { accept: PROTOBUF_V2 } });
    expect(refused.statusCode).toBe(406);
    expect(refused.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 406,
      reason: 'NotAcceptable', message: 'only the following media types are accepted: application/json',
    });
    expect((await app.inject({ url: '/openapi/v2', headers: { accept: `${PROTOBUF_V2}, application/json;q=0.5` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/openapi/v2', headers: { accept: '*/*' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/openapi/v2', headers: { accept: 'application/json;q=0' } })).statusCode).toBe(406);
  });
});
