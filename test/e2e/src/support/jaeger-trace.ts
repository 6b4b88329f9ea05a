// Recorded OTLP spans in the JSON shape Jaeger's query service answers `GET /api/traces/{id}` with
// (jaeger internal/uimodel; OTLP → Jaeger as the collector's jaeger translator maps it): one
// process per distinct resource, the parent as the first reference (CHILD_OF) and links after it
// (FOLLOWS_FROM), microseconds, typed tags sorted by key as the query service's adjusters leave them.
import type { AttributeValue, Attributes, RecordedSpan } from './otlp-json.js';

export interface JaegerKeyValue {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string | number | boolean;
}

export interface JaegerReference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly JaegerReference[];
  /** Microseconds since the epoch. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags: readonly JaegerKeyValue[];
  readonly logs: readonly { readonly timestamp: number; readonly fields: readonly JaegerKeyValue[] }[];
  readonly processID: string;
  readonly warnings: readonly string[] | null;
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: readonly JaegerKeyValue[];
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, JaegerProcess>>;
  readonly warnings: readonly string[] | null;
}

/** The envelope of every query-service answer (`structuredResponse`). */
export interface JaegerResponse<T> {
  readonly data: T;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly errors: readonly { readonly code?: number; readonly msg: string; readonly traceID?: string }[] | null;
}

const KIND_TAGS: Readonly<Record<number, string>> = { 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' };
const STATUS_TAGS: Readonly<Record<number, string>> = { 1: 'OK', 2: 'ERROR' };

/** One trace (its spans in the order given) as Jaeger's UI model. */
export function toJaegerTrace(traceId: string, spans: readonly RecordedSpan[]): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const processOf = (span: RecordedSpan): string => {
    const tags = toTags(Object.fromEntries(Object.entries(span.resource).filter(([key]) => key !== 'service.name')));
    const identity = JSON.stringify([span.service, tags]);
    let id = processIds.get(identity);
    if (!id) {
      id = `p${processIds.size + 1}`;
      processIds.set(identity, id);
      processes[id] = { serviceName: span.service, tags };
    }
    return id;
  };
  return {
    traceID: traceId,
    spans: spans.map((span) => ({
      traceID: span.traceId,
      spanID: span.spanId,
      operationName: span.name,
      references: [
        ...(span.parentSpanId ? [{ refType: 'CHILD_OF' as const, traceID: span.traceId, spanID: span.parentSpanId }] : []),
        ...span.links.map((link) => ({ refType: 'FOLLOWS_FROM' as const, traceID: link.traceId, spanID: link.spanId })),
      ],
      startTime: micros(span.startNs),
      duration: micros(span.endNs - span.startNs),
      tags: toTags({ ...span.attributes, ...spanTags(span) }),
      logs: span.events.map((event) => ({ timestamp: micros(event.timeNs), fields: toTags({ event: event.name, ...event.attributes }) })),
      processID: processOf(span),
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}

/** `GET /api/traces/{id}` found: the trace alone in `data`. */
export function traceResponse(trace: JaegerTrace): JaegerResponse<JaegerTrace[]> {
  return { data: [trace], total: 0, limit: 0, offset: 0, errors: null };
}

/** An error answer (what the query service's handleError writes, with the status `code`). */
export function errorResponse(code: number, msg: string): JaegerResponse<null> {
  return { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] };
}

/** What the collector's translator adds to a span's attributes: kind, status, scope. */
function spanTags(span: RecordedSpan): Record<string, AttributeValue> {
  const kind = KIND_TAGS[span.kind];
  const status = STATUS_TAGS[span.status.code];
  return {
    ...(kind && { 'span.kind': kind }),
    ...(status && { 'otel.status_code': status }),
    ...(span.status.message && { 'otel.status_description': span.status.message }),
    ...(span.status.code === 2 && { error: true }),
    ...(span.scope && { 'otel.scope.name': span.scope }),
    ...(span.scopeVersion && { 'otel.scope.version': span.scopeVersion }),
  };
}

function toTags(attributes: Attributes): JaegerKeyValue[] {
  return Object.entries(attributes)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => toTag(key, value))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function toTag(key: string, value: AttributeValue): JaegerKeyValue {
  if (typeof value === 'string') return { key, type: 'string', value };
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  if (value instanceof Uint8Array) return { key, type: 'binary', value: Buffer.from(value).toString('base64') };
  // Arrays and maps: a JSON string, as the translator writes them.
  return { key, type: 'string', value: JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)) };
}

/** Nanoseconds to whole microseconds (truncated, as Jaeger's model does). */
function micros(ns: bigint): number {
  return Number(ns / 1000n);
}
