import type { BusEvent } from '@kubeledger/bus';
import { Attr, contextFromTraceparent, currentTraceparent, objectAttributes, ROOT_CONTEXT, SpanKind, trace, tracer as tracerFor, type Span } from '@kubeledger/telemetry';

const tracer = tracerFor('informer');

/** The span of one bus message being received, and the `traceparent` the work it causes continues from. */
export interface ReceiveSpan {
  readonly span: Span;
  readonly traceparent: string;
}

/**
 * Starts the `receive` span of a bus event that carries a trace (a child of the relay's publish
 * span); the caller ends it once the handlers have run. Undefined when the event carries no trace
 * or nothing is being traced.
 */
export function startReceiveSpan(event: BusEvent): ReceiveSpan | undefined {
  if (event.traceparent === undefined) return undefined;
  const parent = contextFromTraceparent(event.traceparent, ROOT_CONTEXT);
  const span = tracer.startSpan(
    `receive ${event.ref.resource}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'receive',
        [Attr.eventType]: event.type,
        ...objectAttributes({ resource: event.ref.resource, namespace: event.ref.namespace, name: event.ref.name, uid: event.uid, revision: event.revision }),
      },
    },
    parent,
  );
  if (!span.isRecording()) return undefined;
  const traceparent = currentTraceparent(trace.setSpan(parent, span));
  return traceparent === undefined ? undefined : { span, traceparent };
}
