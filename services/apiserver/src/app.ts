import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { pathNotFound } from '@kubeledger/api';
import { registerDiscoveryRoutes } from './discovery/discovery-routes.js';
import { registerResourceRoutes } from './handlers/resource-routes.js';
import { loadOpenApiV3 } from './openapi/openapi-v3.js';
import { registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { renderError } from './handlers/render-error.js';
import { Registry } from './registry/registry.js';
import { admissionChain } from './admission/plugins.js';
import { bootstrapNamespaces } from './bootstrap/bootstrap-namespaces.js';
import { RESOURCES } from './registry/resources.js';
import type { Storage } from './storage/start-storage.js';

export interface AppDeps {
  readonly storage: Storage;
  /** Serves /metrics (the Prometheus exposition of every OpenTelemetry metric). */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * The HTTP front end: health, metrics, /version, discovery, OpenAPI v3, and the resource verbs get, list,
 * create, update and delete in JSON (patch, watch, subresources, YAML and protobuf bodies, and
 * authentication come next).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  // 3 MiB, as upstream's request body limit.
  const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
  app.setErrorHandler(renderError);
  app.removeContentTypeParser('text/plain'); // only the media types the API decodes; others get 415
  const ok = async () => 'ok';
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.storage.store.currentRevision();
      return 'ok';
    } catch (err) {
      return reply.code(503).send(`storage not ready: ${(err as Error).message}`);
    }
  });
  app.get('/metrics', async (request, reply) => {
    if (!deps.metricsHandler) return reply.code(404).send('metrics are not enabled');
    reply.hijack();
    deps.metricsHandler(request.raw, reply.raw);
  });
  registerDiscoveryRoutes(app, RESOURCES);
  registerOpenApiRoutes(app, loadOpenApiV3());
  const registry = new Registry(deps.storage.store, RESOURCES);
  registerResourceRoutes(app, registry, admissionChain(registry));
  app.addHook('onReady', () => bootstrapNamespaces(registry));
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(pathNotFound().status));
  return app;
}
