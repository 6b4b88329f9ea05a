// The tracing entry point, loaded before a service's main module:
//   node --import tsx --import @kubeledger/telemetry/register services/<svc>/src/main.ts
// With an exporter configured (OTEL_EXPORTER_OTLP_ENDPOINT, …) it registers the ESM loader hook the
// instrumentations patch modules through, then starts the SDK; otherwise it does nothing. A worker
// thread (which `--import` does not reach) imports it itself and gets an SDK of its own, for its
// own spans (no loader hook: the main thread's instruments the modules).
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { registerTracingShutdown } from './tracing-shutdown.js';
import { tracingSettings } from './tracing-settings.js';

const HOOKED_MODULES = ['http', 'https', 'node:http', 'node:https', 'pg', 'pg-pool', 'undici', 'fastify'];

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const settings = tracingSettings(process.env, process.argv[1], version);
if (settings.enabled) {
  // Worker threads copy this environment: their spans then carry the same service name.
  process.env['OTEL_SERVICE_NAME'] ??= settings.serviceName;
  // Only the modules the instrumentations patch go through the hook: wrapping every module would
  // put a proxy in front of each import binding of the whole service.
  if (isMainThread) register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: HOOKED_MODULES } });
  const { startTracing } = await import('./start-tracing.js');
  const tracing = startTracing(settings);
  // Spans still in the batch go out when the process ends by itself; services that end with
  // process.exit() call shutdownTracing() first.
  registerTracingShutdown(() => tracing.shutdown());
  process.once('beforeExit', () => void tracing.shutdown().catch(() => {}));
}
