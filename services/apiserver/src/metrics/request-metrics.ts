import type { FastifyInstance } from 'fastify';
import { meter } from '@kubeledger/telemetry';
import type { GroupVersionKind, ResourceDefinition } from '../registry/resource-definition.js';
import { findResource } from '../registry/resources.js';
import { requestInfoOf } from '../request/request-info-of.js';
import { isLongRunning } from '../limits/long-running.js';
import { requestLabels, type RequestLabels } from './request-labels.js';

/** Upstream's buckets for apiserver_request_duration_seconds (tuned for its latency SLOs). */
const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

const apiserverMeter = () => meter('apiserver');

/**
 * The request metrics upstream's apiserver exposes, as Fastify hooks: `apiserver_request_total`
 * {verb, dry_run, group, version, resource, subresource, scope, component, code},
 * `apiserver_request_duration_seconds` (the same but code), and the gauge
 * `apiserver_longrunning_requests` of open watches and other long-running requests. Each is
 * recorded when the response closes — finished, or cut off by the client — and a response that
 * never started (the client left first) is not counted, having no code. Register it first, so
 * that requests other hooks refuse (429, 400) are counted too. Instruments come from the global
 * meter provider: call startTelemetry() before building the app.
 */
export function registerRequestMetrics(app: FastifyInstance, resources: readonly ResourceDefinition[]): void {
  const m = apiserverMeter();
  const requests = m.createCounter('apiserver_request_total', {
    description: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
  });
  const durations = m.createHistogram('apiserver_request_duration_seconds', {
    unit: 's',
    description: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const longRunning = m.createUpDownCounter('apiserver_longrunning_requests', {
    description: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
  });
  const served = (group: string, version: string, resource: string) => findResource(group, version, resource, resources);

  app.addHook('onRequest', async (request, reply) => {
    const started = performance.now();
    const info = requestInfoOf(request);
    const labels = requestLabels(
      { method: request.method, url: request.url, contentType: request.headers['content-type'], info, route: request.routeOptions.url },
      served,
    );
    const endLongRunning = isLongRunning(info) ? countLongRunning(longRunning, labels) : undefined;
    reply.raw.once('close', () => {
      endLongRunning?.();
      if (!reply.raw.headersSent) return;
      requests.add(1, { ...labels, code: String(reply.raw.statusCode) });
      durations.record((performance.now() - started) / 1000, labels);
    });
  });
}

type UpDownCounter = ReturnType<ReturnType<typeof meter>['createUpDownCounter']>;

function countLongRunning(gauge: UpDownCounter, labels: RequestLabels): () => void {
  const { dry_run: _dryRun, ...attributes } = labels;
  gauge.add(1, attributes);
  return () => gauge.add(-1, attributes);
}

/**
 * Counts one open watch in `apiserver_registered_watchers` {group, version, kind}; the watch
 * handler calls it when the stream starts and calls what it returns (once) when the stream ends.
 */
export function trackWatch(kind: GroupVersionKind): () => void {
  const watchers = apiserverMeter().createUpDownCounter('apiserver_registered_watchers', {
    description: 'Number of currently registered watchers for a given resources',
  });
  const attributes = { group: kind.group, version: kind.version, kind: kind.kind };
  watchers.add(1, attributes);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    watchers.add(-1, attributes);
  };
}
