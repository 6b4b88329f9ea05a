import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notAcceptable, pathNotFound } from '@kubeledger/api';
import { acceptsGzip, acceptsJson, etagMatches } from './content-negotiation.js';
import { openApiDocument, type OpenApiDocument } from './openapi-document.js';

export interface OpenApiDocuments {
  /** The Swagger 2.0 document of the served APIs. */
  readonly v2: OpenApiDocument;
  /** One v3 document per served group-version, by its path (`apis/apps/v1`). */
  readonly v3: ReadonlyMap<string, OpenApiDocument>;
}

/**
 * /openapi/v2 as kube-openapi's handler serves it, and /openapi/v3 as its handler3 does: a root
 * listing each group-version's hashed URL, and each document with an ETag — cached for good when
 * the hash in the URL is current, redirected (301) to the current URL when it is not. kubectl and
 * helm need v3 to validate and explain; v2 is their fallback. Documents are JSON only: a client
 * that accepts nothing but the protobuf forms gets 406 NotAcceptable. Known gap: kubectl asks
 * /openapi/v2 for protobuf only (gnostic's OpenAPIv2 messages), which it does when v3 has no PATCH
 * operation for the kind — `kubectl create -f` of a `kind: List` — and then fails with "the server
 * was unable to respond with a content type that the client supports". Bodies are gzipped for
 * clients that accept it, as upstream's v2 handler does.
 */
export function registerOpenApiRoutes(app: FastifyInstance, docs: OpenApiDocuments): void {
  app.get('/openapi/v2', async (request, reply) => {
    requireJson(request);
    return sendDocument(request, reply, docs.v2);
  });

  const paths = Object.fromEntries([...docs.v3.values()].map((d) => [d.path, { serverRelativeURL: `/openapi/v3/${d.path}?hash=${d.hash}` }]));
  const root = openApiDocument('v3', Buffer.from(JSON.stringify({ paths })));
  app.get('/openapi/v3', async (request, reply) => sendDocument(request, reply, root));

  app.get<{ Params: { '*': string }; Querystring: { hash?: string } }>('/openapi/v3/*', async (request, reply) => {
    const doc = docs.v3.get(request.params['*']);
    if (!doc) throw pathNotFound();
    requireJson(request);
    const { hash } = request.query;
    if (hash && hash !== doc.hash) return reply.redirect(`/openapi/v3/${doc.path}?hash=${doc.hash}`, 301);
    if (hash) reply.header('cache-control', 'public, immutable').header('expires', new Date(Date.now() + 365 * 86400_000).toUTCString());
    else reply.header('cache-control', 'no-cache, private');
    return sendDocument(request, reply, doc);
  });
}

function requireJson(request: FastifyRequest): void {
  if (!acceptsJson(request.headers.accept)) throw notAcceptable('only the following media types are accepted: application/json');
}

/** The document as JSON with its ETag, gzipped when the client takes it; 304 when the client has it already. */
function sendDocument(request: FastifyRequest, reply: FastifyReply, doc: OpenApiDocument): FastifyReply {
  const etag = `"${doc.hash}"`;
  reply.header('etag', etag).header('vary', 'Accept, Accept-Encoding');
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type('application/json');
  if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(doc.gzipped());
  return reply.send(doc.body);
}
