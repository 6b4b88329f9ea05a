import { parseObjectSubject, type LogRecord } from '@kubeledger/api';
import { Attr, objectAttributes, SpanKind, startRemoteChildSpan, tracer as tracerFor, type RemoteChildSpan } from '@kubeledger/telemetry';

const tracer = tracerFor('relay');

/**
 * Starts the `publish` span of a record that was written inside a trace: a child of the write
 * (the event's `traceparent`), ended when the stream acknowledges it; its own `traceparent` goes
 * on the message, so consumers are its children. Undefined when the record carries no trace or
 * nothing is being traced.
 */
export function startPublishSpan(record: LogRecord, stream: string, subject: string): RemoteChildSpan | undefined {
  if (record.traceparent === undefined) return undefined;
  let ref;
  try {
    ({ ref } = parseObjectSubject(record.subject));
  } catch {
    return undefined; // unroutable: published as a filler
  }
  return startRemoteChildSpan(tracer, `publish ${ref.resource}`, SpanKind.PRODUCER, record.traceparent, () => ({
    'messaging.system': 'nats',
    'messaging.operation.type': 'send',
    [Attr.subject]: subject,
    [Attr.stream]: stream,
    [Attr.eventType]: record.type,
    ...objectAttributes({ resource: ref.resource, namespace: ref.namespace, name: ref.name, uid: record.uid, revision: record.revision }),
  }));
}
