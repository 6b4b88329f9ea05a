import { context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * The server span of the HTTP request being handled (the HTTP instrumentation's, found through the
 * RPC metadata it leaves in the request's context); else the active span; undefined when nothing
 * is traced.
 */
export function serverSpan(): Span | undefined {
  const metadata = getRPCMetadata(context.active());
  const span = metadata?.type === RPCType.HTTP ? metadata.span : trace.getActiveSpan();
  return span?.isRecording() ? span : undefined;
}

/**
 * Names the request's server span (`create pods` rather than the route pattern `POST /api/*`) and
 * sets attributes on it. The route is cleared from the RPC metadata, or the HTTP instrumentation
 * would rename the span after it at the end of the request.
 */
export function nameServerSpan(name: string, attributes: Attributes): void {
  const metadata = getRPCMetadata(context.active());
  const span = serverSpan();
  if (!span) return;
  if (metadata?.type === RPCType.HTTP) metadata.route = undefined;
  span.updateName(name);
  span.setAttributes(attributes);
}
