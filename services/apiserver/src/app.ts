import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Storage } from './storage/start-storage.js';

export interface AppDeps {
  readonly storage: Storage;
  /** Serves /metrics (the Prometheus exposition of every OpenTelemetry metric). */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * The HTTP front end. For now it serves health and metrics over the storage core; the Kubernetes
 * REST API is built on it next (issue 3).
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
  return app;
}
