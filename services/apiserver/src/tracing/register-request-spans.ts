import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  Attr,
  context,
  isQuietPath,
  nameServerSpan,
  propagation,
  ROOT_CONTEXT,
  serverSpan,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer as tracerFor,
  type Span,
} from '@kubeledger/telemetry';
import type { RequestInfo } from '../request/request-info.js';
import { requestInfoOf } from '../request/request-info-of.js';

const tracer = tracerFor('apiserver');
const OWN_SPAN = Symbol('kubeledger.requestSpan');
type WithSpan = FastifyRequest & { [OWN_SPAN]?: Span };

/**
 * Each request's server span, named after what it asks (`create pods`, `patch pods/status`,
 * `get /version`) with the attributes that name the object — never the body. When the HTTP
 * instrumentation is on (OTEL_NODE_ENABLED_INSTRUMENTATIONS=http,…) its span is named so; by
 * default the span is this hook's own, continuing the caller's `traceparent` — the HTTP
 * instrumentation doubles the cost of a write (test/bench `api --parts tracing`). A no-op when
 * nothing is traced.
 */
export function registerRequestSpans(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (isQuietPath(request.url)) return done();
    const info = requestInfoOf(request);
    if (serverSpan()) {
      nameServerSpan(spanName(info), spanAttributes(info));
      return done();
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(spanName(info), { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0]!, ...spanAttributes(info) } }, parent);
    if (!span.isRecording()) return done();
    (request as WithSpan)[OWN_SPAN] = span;
    // The rest of the request (hooks, handler) runs with the span active.
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = (request as WithSpan)[OWN_SPAN];
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  // A client that goes away before the answer (a watch it stops): the span ends with the request.
  app.addHook('onRequestAbort', async (request) => {
    (request as WithSpan)[OWN_SPAN]?.end();
  });
}

function spanName(info: RequestInfo): string {
  if (!info.isResourceRequest) return `${info.verb} ${info.path}`;
  return `${info.verb} ${info.subresource ? `${info.resource}/${info.subresource}` : info.resource}`;
}

function spanAttributes(info: RequestInfo): Record<string, string> {
  if (!info.isResourceRequest) return {};
  return {
    [Attr.verb]: info.verb,
    [Attr.resource]: info.resource,
    ...(info.apiGroup && { [Attr.group]: info.apiGroup }),
    ...(info.subresource && { [Attr.subresource]: info.subresource }),
    ...(info.namespace && { [Attr.namespace]: info.namespace }),
    ...(info.name && { [Attr.name]: info.name }),
  };
}
