import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { pathNotFound } from '@kubeledger/api';
import { registerDiscoveryRoutes } from './discovery/discovery-routes.js';
import { RESOURCES } from './registry/resources.js';
import type { Storage } from './storage/start-storage.js';

export interface AppDeps {
  readonly storage: Storage;
  /** Serves /metrics (the Prometheus exposition of every OpenTelemetry metric). */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * The HTTP front end. For now: health, metrics, /version and discovery; the resource verbs are
 * being built on it (issue 3).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ logger: false });
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
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(pathNotFound().status));
  return app;
}
