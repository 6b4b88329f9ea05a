// Whether an instrumentation injects `traceparent` into outgoing undici requests (set by the
// tracing bootstrap). The REST client then leaves the header to it — the instrumentation sends its
// client span's context, and a second header of our own would make the value unreadable.
const KEY = Symbol.for('kubeledger.telemetry.httpClientPropagates');
type Holder = { [KEY]?: boolean };

export function markHttpClientPropagation(): void {
  (globalThis as Holder)[KEY] = true;
}

/** True once the tracing bootstrap instruments undici (which then propagates the active context). */
export function httpClientPropagates(): boolean {
  return (globalThis as Holder)[KEY] === true;
}
