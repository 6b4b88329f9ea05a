// A stand-in for one service's part of a trace, run as a process of its own under the real
// tracing bootstrap (started by emitSpans in emit-spans-process.ts): it makes the spans of the plan in
// EMIT_SPANS_PLAN, nested as planned, under the remote parent EMIT_SPANS_TRACEPARENT if set, and
// prints the top span's traceparent. The SDK exports them as the process ends.
import { contextFromTraceparent, currentTraceparent, tracer } from '@kubeledger/telemetry';
import type { SpanPlan } from './emit-spans-process.js';

type Tracer = ReturnType<typeof tracer>;
type SpanOptions = NonNullable<Parameters<Tracer['startSpan']>[1]>;

// @opentelemetry/api's SpanKind values.
const KINDS = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 } as const;

const plan = JSON.parse(process.env['EMIT_SPANS_PLAN'] ?? 'null') as SpanPlan | null;
if (!plan) throw new Error('EMIT_SPANS_PLAN: a span plan (JSON) is required');
const traces = tracer('e2e');

type Context = ReturnType<typeof contextFromTraceparent>;

/** Makes `span` (under `parent`, else under the active span) and, inside it, its children one after another. */
async function emit(span: SpanPlan, parent?: Context): Promise<string | undefined> {
  const options: SpanOptions = { kind: KINDS[span.kind ?? 'internal'] as SpanOptions['kind'], attributes: span.attributes ?? {} };
  const body = async (active: { end(): void }) => {
    await new Promise((resolve) => setTimeout(resolve, span.ms ?? 2));
    for (const child of span.children ?? []) await emit(child);
    const traceparent = currentTraceparent();
    active.end();
    return traceparent;
  };
  return parent ? traces.startActiveSpan(span.name, options, parent, body) : traces.startActiveSpan(span.name, options, body);
}

const traceparent = await emit(plan, contextFromTraceparent(process.env['EMIT_SPANS_TRACEPARENT']));
if (!traceparent) throw new Error('no span was recorded: is tracing on (OTEL_EXPORTER_OTLP_ENDPOINT)?');
console.log(traceparent);
