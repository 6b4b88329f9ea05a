// Decoding of an OTLP/HTTP JSON `ExportTraceServiceRequest` (what the OpenTelemetry JS exporter
// posts with OTEL_EXPORTER_OTLP_PROTOCOL=http/json) into flat span records. The OTLP JSON encoding
// writes trace and span ids as hex (not proto3's base64), 64-bit integers as decimal strings or
// numbers, enums as numbers; ids in base64 and enums by name are accepted too.

/** An attribute value as the SDK set it (a kvlist becomes a plain object, bytes a Uint8Array). */
export type AttributeValue = string | number | boolean | Uint8Array | null | readonly AttributeValue[] | { readonly [key: string]: AttributeValue };
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** One span as exported, with its resource and scope flattened in. */
export interface RecordedSpan {
  /** 32 lowercase hex. */
  readonly traceId: string;
  /** 16 lowercase hex. */
  readonly spanId: string;
  /** Absent for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  /** The resource's `service.name`. */
  readonly service: string;
  /** The resource's `service.instance.id`. */
  readonly serviceInstance?: string;
  /** Every resource attribute. */
  readonly resource: Attributes;
  /** The instrumentation scope's name (and version when it has one). */
  readonly scope: string;
  readonly scopeVersion?: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly attributes: Attributes;
  readonly links: readonly { readonly traceId: string; readonly spanId: string; readonly attributes: Attributes }[];
  readonly events: readonly { readonly name: string; readonly timeNs: bigint; readonly attributes: Attributes }[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message?: string };
}

export const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

type Json = Record<string, unknown>;

/** The spans of one request body (already JSON-parsed); throws a TypeError naming what is malformed. */
export function spansFromOtlpJson(body: unknown): RecordedSpan[] {
  const spans: RecordedSpan[] = [];
  for (const [r, rs] of list(object(body, 'request').resourceSpans, 'resourceSpans').entries()) {
    const resourceSpans = object(rs, `resourceSpans[${r}]`);
    const resource = attributes(resourceSpans.resource === undefined ? undefined : object(resourceSpans.resource, 'resource').attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
    const instance = resource['service.instance.id'];
    for (const ss of list(resourceSpans.scopeSpans, 'scopeSpans')) {
      const scopeSpans = object(ss, 'scopeSpans[]');
      const scope = scopeSpans.scope === undefined ? {} : object(scopeSpans.scope, 'scope');
      for (const [i, s] of list(scopeSpans.spans, 'spans').entries()) {
        const span = object(s, `span ${i}`);
        const traceId = id(span.traceId, 16, 'traceId');
        const parent = span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : id(span.parentSpanId, 8, 'parentSpanId');
        const status = span.status === undefined ? {} : object(span.status, 'status');
        spans.push({
          traceId,
          spanId: id(span.spanId, 8, 'spanId'),
          ...(parent && { parentSpanId: parent }),
          name: typeof span.name === 'string' ? span.name : '',
          kind: enumValue(span.kind, SPAN_KINDS),
          service,
          ...(typeof instance === 'string' && { serviceInstance: instance }),
          resource,
          scope: typeof scope.name === 'string' ? scope.name : '',
          ...(typeof scope.version === 'string' && scope.version !== '' && { scopeVersion: scope.version }),
          startNs: nanos(span.startTimeUnixNano, 'startTimeUnixNano'),
          endNs: nanos(span.endTimeUnixNano, 'endTimeUnixNano'),
          attributes: attributes(span.attributes),
          links: list(span.links, 'links').map((l) => {
            const link = object(l, 'link');
            return { traceId: id(link.traceId, 16, 'link traceId'), spanId: id(link.spanId, 8, 'link spanId'), attributes: attributes(link.attributes) };
          }),
          events: list(span.events, 'events').map((e) => {
            const event = object(e, 'event');
            return { name: typeof event.name === 'string' ? event.name : '', timeNs: nanos(event.timeUnixNano, 'event timeUnixNano'), attributes: attributes(event.attributes) };
          }),
          status: { code: enumValue(status.code, STATUS_CODES), ...(typeof status.message === 'string' && status.message !== '' && { message: status.message }) },
        });
      }
    }
  }
  return spans;
}

/** An OTLP `KeyValue[]` as a record. */
export function attributes(kvs: unknown): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list(kvs, 'attributes')) {
    const { key, value } = object(kv, 'attribute');
    if (typeof key === 'string') out[key] = anyValue(value);
  }
  return out;
}

function anyValue(value: unknown): AttributeValue {
  if (value === undefined || value === null) return null;
  const v = object(value, 'AnyValue');
  if ('stringValue' in v) return String(v.stringValue);
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('bytesValue' in v) return new Uint8Array(Buffer.from(String(v.bytesValue), 'base64'));
  if ('arrayValue' in v) return list(object(v.arrayValue ?? {}, 'arrayValue').values, 'arrayValue.values').map(anyValue);
  if ('kvlistValue' in v) return attributes(object(v.kvlistValue ?? {}, 'kvlistValue').values);
  return null;
}

/** A trace (16 bytes) or span (8 bytes) id as lowercase hex, from hex or base64. */
function id(value: unknown, bytes: number, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: expected a hex string, got ${JSON.stringify(value)}`);
  if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length === bytes && /^[A-Za-z0-9+/]+=*$/.test(value)) return decoded.toString('hex');
  throw new TypeError(`${what}: ${JSON.stringify(value)} is neither ${bytes * 2} hex digits nor ${bytes} bytes in base64`);
}

function nanos(value: unknown, what: string): bigint {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.trunc(value));
  throw new TypeError(`${what}: expected nanoseconds since the epoch, got ${JSON.stringify(value)}`);
}

function enumValue(value: unknown, names: readonly string[]): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Math.max(0, names.indexOf(value));
  return 0;
}

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${what}: expected an object`);
  return value as Json;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected an array`);
  return value;
}
