import os from 'node:os';
import path from 'node:path';

/** What the tracing bootstrap needs to know, from the standard `OTEL_*` variables and the process. */
export interface TracingSettings {
  /** False unless an exporter is configured: without a collector, spans would only cost time. */
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly serviceVersion: string;
  /** `service.instance.id`: the node for a kubelet, else `<host>/<pid>`. */
  readonly serviceInstance: string;
  /**
   * OTEL_NODE_ENABLED_INSTRUMENTATIONS (comma-separated: http, undici, pg, fastify), default
   * `undici` (the components' REST calls). The HTTP server and pg instrumentations each add 20–40 %
   * to the apiserver's write latency (test/bench `api --parts tracing`), so by default the apiserver
   * makes its own request span and its `eventstore.append` span stands for the Postgres write.
   */
  readonly instrumentations: readonly string[];
}

export const DEFAULT_INSTRUMENTATIONS = ['undici'] as const;

/**
 * Tracing is on when an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or `…_TRACES_ENDPOINT`) or an
 * explicit `OTEL_TRACES_EXPORTER` (other than `none`) is set, and `OTEL_SDK_DISABLED` is not `true`.
 * The service name is `OTEL_SERVICE_NAME`, else the service folder the main module lives in
 * (`services/<name>/…`), else the script's name.
 */
export function tracingSettings(env: NodeJS.ProcessEnv, mainModule: string | undefined, version: string): TracingSettings {
  const exporter = env['OTEL_TRACES_EXPORTER']?.trim();
  const configured = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || (exporter && exporter !== 'none'));
  const disabled = env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true' || exporter === 'none';
  return {
    enabled: configured && !disabled,
    serviceName: env['OTEL_SERVICE_NAME'] || serviceFromPath(mainModule),
    serviceVersion: version,
    serviceInstance: env['KUBELEDGER_NODE_NAME'] || `${os.hostname()}/${process.pid}`,
    instrumentations: env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] !== undefined ? env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'].split(',').map((n) => n.trim()).filter(Boolean) : DEFAULT_INSTRUMENTATIONS,
  };
}

function serviceFromPath(file: string | undefined): string {
  if (!file) return 'kubeledger';
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('services');
  if (at >= 0 && parts[at + 1]) return parts[at + 1]!;
  return path.basename(file).replace(/\.[cm]?[jt]s$/, '');
}
