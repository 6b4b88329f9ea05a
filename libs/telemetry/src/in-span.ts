import { context, SpanStatusCode, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

/**
 * Runs `fn` in a new active span named `name`, records a thrown error on it, and ends it when `fn`
 * settles; its parent is the active span, or `parent`. With no SDK registered the span is a no-op
 * and `fn` just runs.
 */
export function inSpan<T>(tracer: Tracer, name: string, options: SpanOptions, fn: (span: Span) => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      throw failed(span, err);
    } finally {
      span.end();
    }
  });
}

/** `inSpan` for synchronous work. */
export function inSpanSync<T>(tracer: Tracer, name: string, options: SpanOptions, fn: (span: Span) => T, parent: Context = context.active()): T {
  return tracer.startActiveSpan(name, options, parent, (span) => {
    try {
      return fn(span);
    } catch (err) {
      throw failed(span, err);
    } finally {
      span.end();
    }
  });
}

/** Records `err` on `span` as its failure; returns it (to throw on). */
function failed(span: Span, err: unknown): unknown {
  span.recordException(err as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
  return err;
}
