// Reading one trace from Jaeger's query service: `GET <jaeger>/api/traces/<id>`, the HTTP JSON API
// the Jaeger UI itself uses (Jaeger v1 and v2, port 16686).

/** One span as the waterfall needs it. */
export interface TraceSpan {
  readonly spanId: string;
  /** The CHILD_OF reference within the trace, when there is one. */
  readonly parentSpanId?: string;
  readonly service: string;
  readonly operation: string;
  /** Microseconds since the epoch. */
  readonly startUs: number;
  readonly durationUs: number;
}

export interface TraceView {
  readonly traceId: string;
  readonly spans: readonly TraceSpan[];
}

/** Jaeger could not give the trace; the message says what to do. */
export class JaegerQueryError extends Error {
  override readonly name = 'JaegerQueryError';
}

// What is read of the answer (internal/uimodel in jaegertracing/jaeger); the rest is ignored.
interface JaegerAnswer {
  readonly data?: readonly {
    readonly traceID?: string;
    readonly spans?: readonly {
      readonly spanID: string;
      readonly operationName?: string;
      readonly references?: readonly { readonly refType?: string; readonly traceID?: string; readonly spanID?: string }[] | null;
      readonly parentSpanID?: string;
      readonly startTime?: number;
      readonly duration?: number;
      readonly processID?: string;
    }[];
    readonly processes?: Readonly<Record<string, { readonly serviceName?: string }>>;
  }[] | null;
  readonly errors?: readonly { readonly msg?: string }[] | null;
}

const TIMEOUT_MS = 15_000;

/** The Jaeger UI's page for a trace. */
export function jaegerTraceLink(jaegerUrl: string, traceId: string): string {
  return `${jaegerUrl.replace(/\/+$/, '')}/trace/${traceId}`;
}

/** Fetches trace `traceId` from the Jaeger query service at `jaegerUrl`; rejects with a {@link JaegerQueryError}. */
export async function fetchTrace(jaegerUrl: string, traceId: string, fetchFn: typeof fetch = fetch): Promise<TraceView> {
  const base = jaegerUrl.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetchFn(`${base}/api/traces/${encodeURIComponent(traceId)}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new JaegerQueryError(`Jaeger at ${base} did not answer within ${TIMEOUT_MS / 1000} s (is it overloaded? set --jaeger-url or KUBELEDGER_JAEGER_URL to another query service)`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new JaegerQueryError(`could not reach Jaeger at ${base} (is it running? set --jaeger-url or KUBELEDGER_JAEGER_URL)${cause?.code ? `: ${cause.code}` : ''}`);
  }
  const text = await response.text();
  let answer: JaegerAnswer | undefined;
  try {
    answer = JSON.parse(text) as JaegerAnswer;
  } catch {
    answer = undefined;
  }
  const notFound = () =>
    new JaegerQueryError(`Jaeger has no trace ${traceId} yet (spans are exported in batches every few seconds: try again; or the collector dropped it)`);
  if (response.status === 404) throw notFound();
  if (!response.ok) {
    const why = answer?.errors?.map((e) => e.msg).filter(Boolean).join('; ') || text.trim().slice(0, 200) || response.statusText;
    throw new JaegerQueryError(`Jaeger at ${base} answered ${response.status} for trace ${traceId}: ${why}`);
  }
  if (answer === undefined || typeof answer !== 'object')
    throw new JaegerQueryError(`${base} did not answer with Jaeger's JSON: is --jaeger-url the query service (the Jaeger UI, port 16686)?`);
  const trace = answer.data?.[0];
  if (!trace?.spans?.length) throw notFound();
  const processes = trace.processes ?? {};
  return {
    traceId: trace.traceID ?? traceId,
    spans: trace.spans.map((span) => {
      const parent = span.references?.find((ref) => ref.refType === 'CHILD_OF' && (!ref.traceID || ref.traceID === trace.traceID))?.spanID ?? span.parentSpanID;
      return {
        spanId: span.spanID,
        ...(parent && { parentSpanId: parent }),
        service: processes[span.processID ?? '']?.serviceName ?? '?',
        operation: span.operationName ?? '',
        startUs: span.startTime ?? 0,
        durationUs: span.duration ?? 0,
      };
    }),
  };
}
