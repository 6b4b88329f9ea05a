import type { Link } from '@opentelemetry/api';

/** A link to a span of another trace (an object's creation), for work that starts a trace of its own. */
export function creationLink(creation: { readonly traceId: string; readonly spanId: string }): Link {
  return { context: { traceId: creation.traceId, spanId: creation.spanId, traceFlags: 1, isRemote: true }, attributes: { 'kubeledger.link': 'creation' } };
}
