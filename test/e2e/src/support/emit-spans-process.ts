import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { REGISTER_ENTRY } from '@kubeledger/telemetry';

/** A span to make, and the spans to make inside it, one after another. */
export interface SpanPlan {
  readonly name: string;
  readonly kind?: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** How long it lasts before its children start (default 2 ms). */
  readonly ms?: number;
  readonly children?: readonly SpanPlan[];
}

/** The tracing entry point the services are started with (`node --import tsx --import <it> main.ts`). */
const EMITTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'emit-spans.ts');

/**
 * Runs a process as service `service` under the real OpenTelemetry SDK bootstrap, exporting over
 * OTLP/HTTP JSON to `endpoint`, that makes the spans of `plan` (below `traceparent` if given: the
 * way a consumer continues a trace from an event's header) and exits, flushing them. Resolves
 * with the top span's traceparent.
 */
export function emitSpans(service: string, plan: SpanPlan, endpoint: string, traceparent?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', REGISTER_ENTRY, EMITTER],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          OTEL_SERVICE_NAME: service,
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '100',
          EMIT_SPANS_PLAN: JSON.stringify(plan),
          ...(traceparent && { EMIT_SPANS_TRACEPARENT: traceparent }),
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => (err ? reject(new Error(`the ${service} span emitter failed: ${err.message}\n${stderr}`)) : resolve(stdout.trim().split('\n').at(-1) ?? '')),
    );
  });
}
