import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage } from 'node:http';
import { markHttpClientPropagation } from './http-client-propagation.js';
import { isQuietPath } from './register-entry.js';
import type { TracingSettings } from './tracing-settings.js';


/**
 * The instrumentations by name (OTEL_NODE_ENABLED_INSTRUMENTATIONS). Client requests and queries
 * only get spans inside a trace (no root span per heartbeat); pool checkouts get none.
 */
const INSTRUMENTATIONS: Record<string, () => Instrumentation> = {
  http: () => new HttpInstrumentation({ ignoreIncomingRequestHook: (req: IncomingMessage) => isQuietPath(req.url ?? ''), requireParentforOutgoingSpans: true }),
  undici: () => new UndiciInstrumentation({ requireParentforSpans: true }),
  pg: () => new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true, enhancedDatabaseReporting: false }),
  // The request and its handler (not a span per Fastify hook).
  fastify: () => new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false, ignorePaths: (opts) => isQuietPath(opts.url) }),
};

function instrumentations(names: readonly string[]): Instrumentation[] {
  const unknown = names.filter((n) => !INSTRUMENTATIONS[n]);
  if (unknown.length > 0) console.error(`[telemetry] unknown instrumentation(s) ${unknown.join(', ')} in OTEL_NODE_ENABLED_INSTRUMENTATIONS (known: ${Object.keys(INSTRUMENTATIONS).join(', ')})`);
  return names.flatMap((n) => INSTRUMENTATIONS[n]?.() ?? []);
}

/**
 * Starts the OpenTelemetry SDK for traces: exporter, protocol, sampler and batching from the
 * standard `OTEL_*` variables; the instrumentations `settings.instrumentations` names (undici by
 * default; HTTP server and client, pg and Fastify on request). Metrics stay with the Prometheus reader (`startTelemetry`), so the SDK sets up none.
 */
export function startTracing(settings: TracingSettings): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      [ATTR_SERVICE_VERSION]: settings.serviceVersion,
      'service.namespace': 'kubeledger',
      'service.instance.id': settings.serviceInstance,
    }),
    // envDetector last: OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES override ours.
    resourceDetectors: [processDetector, hostDetector, envDetector],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: instrumentations(settings.instrumentations),
  });
  sdk.start();
  markHttpClientPropagation();
  return { shutdown: () => sdk.shutdown() };
}
