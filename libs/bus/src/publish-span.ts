import { parseObjectSubject, type LogRecord } from '@kubeledger/api';
import { Attr, contextFromTraceparent, ROOT_CONTEXT, currentTraceparent, objectAttributes, SpanKind, trace, tracer as tracerFor, type Span } from '@kubeledger/telemetry';

const tracer = tracerFor('relay');

/** A record's publish span and the `traceparent` its message carries (the span's own, so consumers are its children). */
export interface PublishSpan {
  readonly span: Span;
  readonly traceparent: string;
}

/**
 * Starts the `publish` span of a record that was written inside a trace: a child of the write
 * (the event's `traceparent`), ended when the stream acknowledges it. Undefined when the record
 * carries no trace or nothing is being traced.
 */
export function startPublishSpan(record: LogRecord, stream: string, subject: string): PublishSpan | undefined {
  if (record.traceparent === undefined) return undefined;
  const parent = contextFromTraceparent(record.traceparent, ROOT_CONTEXT);
  let ref;
  try {
    ({ ref } = parseObjectSubject(record.subject));
  } catch {
    return undefined; // unroutable: published as a filler
  }
  const span = tracer.startSpan(
    `publish ${ref.resource}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        [Attr.subject]: subject,
        [Attr.stream]: stream,
        [Attr.eventType]: record.type,
        ...objectAttributes({ resource: ref.resource, namespace: ref.namespace, name: ref.name, uid: record.uid, revision: record.revision }),
      },
    },
    parent,
  );
  if (!span.isRecording()) return undefined;
  const traceparent = currentTraceparent(trace.setSpan(parent, span));
  return traceparent === undefined ? undefined : { span, traceparent };
}
