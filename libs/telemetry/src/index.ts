export { Attr, objectAttributes } from './attributes.js';
export { currentTraceparent, contextFromTraceparent, isTraceparent } from './trace-context.js';
export { tracer, meter } from './instruments.js';
export { inSpan, inSpanSync } from './in-span.js';
export { nameServerSpan, serverSpan } from './server-span.js';
export { httpClientPropagates } from './http-client-propagation.js';
export { shutdownTracing } from './tracing-shutdown.js';
export { SpanKind, SpanStatusCode, ROOT_CONTEXT, context, propagation, trace, type Span, type Link, type Context, type Tracer } from '@opentelemetry/api';
