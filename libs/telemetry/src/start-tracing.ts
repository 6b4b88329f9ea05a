import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage } from 'node:http';
import { markHttpClientPropagation } from './http-client-propagation.js';
import type { TracingSettings } from './tracing-settings.js';

/** Requests that would only add noise: probes and scrapes. */
const QUIET_PATHS = /^\/(healthz|livez|readyz|metrics)(\/|\?|$)/;

/**
 * Starts the OpenTelemetry SDK for traces: exporter, protocol, sampler and batching from the
 * standard `OTEL_*` variables; instrumentation of the HTTP server and client, Fastify, pg and
 * undici. Client requests and queries only get spans inside a trace (no root span per heartbeat).
 * Metrics stay with the Prometheus reader (`startTelemetry`), so the SDK sets up none.
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
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // The request and its handler, not a span per Fastify hook (six per request).
      new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false, ignorePaths: (opts) => QUIET_PATHS.test(opts.url) }),
    ],
  });
  sdk.start();
  markHttpClientPropagation();
  return { shutdown: () => sdk.shutdown() };
}
