import type { FastifyInstance } from 'fastify';
import { pathNotFound } from '@kubeledger/api';
import type { OpenApiV3Document } from './openapi-v3.js';

/**
 * /openapi/v3 as kube-openapi's handler3 serves it: a root listing each group-version's hashed
 * URL, and each document with an ETag — cached for good when the hash in the URL is current,
 * redirected (301) to the current URL when it is not. kubectl and helm need it to validate.
 */
export function registerOpenApiRoutes(app: FastifyInstance, docs: ReadonlyMap<string, OpenApiV3Document>): void {
  app.get('/openapi/v3', async () => ({
    paths: Object.fromEntries([...docs.values()].map((d) => [d.path, { serverRelativeURL: `/openapi/v3/${d.path}?hash=${d.hash}` }])),
  }));
  app.get<{ Params: { '*': string }; Querystring: { hash?: string } }>('/openapi/v3/*', async (request, reply) => {
    const doc = docs.get(request.params['*']);
    if (!doc) return reply.code(404).send(pathNotFound().status);
    const etag = `"${doc.hash}"`;
    reply.header('etag', etag).header('vary', 'Accept');
    const { hash } = request.query;
    if (hash !== undefined && hash !== doc.hash) return reply.redirect(`/openapi/v3/${doc.path}?hash=${doc.hash}`, 301);
    if (hash === doc.hash) reply.header('cache-control', 'public, immutable').header('expires', new Date(Date.now() + 365 * 86400_000).toUTCString());
    else reply.header('cache-control', 'no-cache, private');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json').send(doc.body);
  });
}
