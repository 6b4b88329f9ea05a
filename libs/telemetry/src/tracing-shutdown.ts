// The tracing bootstrap (register.ts) is loaded by `--import`, apart from a service's own modules:
// it leaves its shutdown here, on a global, for the service to call before it exits.
const KEY = Symbol.for('kubeledger.telemetry.shutdownTracing');
type Holder = { [KEY]?: () => Promise<void> };

export function registerTracingShutdown(shutdown: () => Promise<void>): void {
  (globalThis as Holder)[KEY] = shutdown;
}

/** Exports the spans still batched and stops tracing; a no-op when tracing is off. Never rejects. */
export async function shutdownTracing(): Promise<void> {
  const shutdown = (globalThis as Holder)[KEY];
  (globalThis as Holder)[KEY] = undefined;
  await shutdown?.().catch(() => {});
}
