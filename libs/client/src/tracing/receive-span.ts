import type { BusEvent } from '@kubeledger/bus';
import { Attr, objectAttributes, SpanKind, startRemoteChildSpan, tracer as tracerFor, type RemoteChildSpan } from '@kubeledger/telemetry';

const tracer = tracerFor('informer');

/**
 * Starts the `receive` span of a bus event that carries a trace (a child of the relay's publish
 * span); the caller ends it once the handlers have run, and the work they queue continues from its
 * `traceparent`. Undefined when the event carries no trace or nothing is being traced.
 */
export function startReceiveSpan(event: BusEvent): RemoteChildSpan | undefined {
  const { ref } = event;
  return startRemoteChildSpan(tracer, `receive ${ref.resource}`, SpanKind.CONSUMER, event.traceparent, () => ({
    'messaging.system': 'nats',
    'messaging.operation.type': 'receive',
    [Attr.eventType]: event.type,
    ...objectAttributes({ resource: ref.resource, namespace: ref.namespace, name: ref.name, uid: event.uid, revision: event.revision }),
  }));
}
