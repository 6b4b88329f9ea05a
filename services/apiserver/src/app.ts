import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { pathNotFound } from '@kubeledger/api';
import { registerDiscoveryRoutes } from './discovery/discovery-routes.js';
import { registerResourceRoutes } from './handlers/resource-routes.js';
import { loadOpenApiDocuments } from './openapi/openapi-documents.js';
import { registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { renderError } from './handlers/render-error.js';
import { registerBodyParsers } from './request/body-parsers.js';
import { Registry, type RegistryOptions } from './registry/registry.js';
import { admissionChain } from './admission/plugins.js';
import { bootstrapNamespaces } from './bootstrap/bootstrap-namespaces.js';
import { startKubernetesServiceReconciler } from './bootstrap/kubernetes-service.js';
import { RESOURCES } from './registry/resources.js';
import type { Storage } from './storage/start-storage.js';
import { registerRequestMetrics } from './metrics/request-metrics.js';
import { DEFAULT_REQUEST_LIMITS, registerRequestLimits, type RequestLimits } from './limits/request-limits.js';
import { registerShutdown } from './shutdown.js';

export interface AppDeps {
  readonly storage: Storage;
  /** Serves /metrics (the Prometheus exposition of every OpenTelemetry metric). */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** In-flight limits and the request timeout (upstream's defaults when unset). */
  readonly limits?: RequestLimits;
  /** --min-request-timeout: how long a watch without timeoutSeconds lasts (upstream's 1800 s when unset). */
  readonly minRequestTimeoutSeconds?: number;
  /** Service networking: --service-cluster-ip-range and --service-node-port-range (upstream-like defaults when unset). */
  readonly services?: RegistryOptions;
}

/**
 * The HTTP front end: health, metrics, /version, discovery, OpenAPI v3, and the resource verbs get, list,
 * create, update and delete in JSON (patch, watch, subresources, YAML and protobuf bodies, and
 * authentication come next).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  // 3 MiB, as upstream's request body limit.
  // Errors Fastify finds before routing (a URL that does not decode) are rendered as Status too.
  const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024, frameworkErrors: (err, request, reply) => renderError(err, request, reply) });
  app.setErrorHandler(renderError);
  app.removeContentTypeParser('text/plain'); // only the media types the API decodes; others get 415
  registerBodyParsers(app); // protobuf and YAML bodies decode to the objects JSON bodies are
  registerShutdown(app); // app.shutdown: fired first when the app closes, for long-running requests
  registerRequestMetrics(app, RESOURCES); // before the limits, so that refused requests are counted
  registerRequestLimits(app, deps.limits ?? DEFAULT_REQUEST_LIMITS);
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
  registerOpenApiRoutes(app, loadOpenApiDocuments(RESOURCES));
  const registry = new Registry(deps.storage.store, RESOURCES, deps.services);
  registerResourceRoutes(app, registry, admissionChain(registry, deps.storage.watchCache), {
    cache: deps.storage.watchCache,
    minRequestTimeoutSeconds: deps.minRequestTimeoutSeconds ?? 1800,
  });
  app.addHook('onReady', () => bootstrapNamespaces(registry));
  // The `kubernetes` Service points at the port this replica serves on, known once it listens.
  let stopKubernetesService = () => {};
  app.addHook('onListen', async function () {
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    stopKubernetesService = startKubernetesServiceReconciler(registry, port, (message) => console.error(`[apiserver] ${message}`));
  });
  app.addHook('onClose', async () => stopKubernetesService());
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(pathNotFound().status));
  return app;
}
