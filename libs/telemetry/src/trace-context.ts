import { context, propagation, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const w3c = new W3CTraceContextPropagator();

/** The W3C `traceparent` of the active span, or undefined when nothing is being traced. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
  return carrier['traceparent'];
}

/** A context whose remote parent is `traceparent` (for spans that continue another process's trace). */
export function contextFromTraceparent(traceparent: string | undefined, base: Context = context.active()): Context {
  if (!traceparent) return base;
  return w3c.extract(base, { traceparent }, { get: (c, k) => c[k], keys: (c) => Object.keys(c) });
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** True when `value` has the W3C traceparent form (what is stored with an event and carried on the bus). */
export function isTraceparent(value: string): boolean {
  return TRACEPARENT.test(value);
}

export { propagation };
