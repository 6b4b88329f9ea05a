import { ROOT_CONTEXT, trace, type Attributes, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent } from './trace-context.js';

/** A span started under another process's trace, and the `traceparent` that continues from it. */
export interface RemoteChildSpan {
  readonly span: Span;
  readonly traceparent: string;
}

/**
 * Starts a span whose parent is `traceparent` (what a bus message or an event row carries); the
 * caller ends it. `attributes` are computed only when something is traced. Undefined when there
 * is no parent or nothing is being traced.
 */
export function startRemoteChildSpan(tracer: Tracer, name: string, kind: SpanKind, traceparent: string | undefined, attributes: () => Attributes): RemoteChildSpan | undefined {
  if (traceparent === undefined) return undefined;
  const parent = contextFromTraceparent(traceparent, ROOT_CONTEXT);
  const span = tracer.startSpan(name, { kind }, parent);
  if (!span.isRecording()) return undefined;
  span.setAttributes(attributes());
  const own = currentTraceparent(trace.setSpan(parent, span));
  return own === undefined ? undefined : { span, traceparent: own };
}
