import { creationTraceOf, type KubeObject } from '@kubeledger/api';
import { contextFromTraceparent, creationLink, inSpan, objectAttributes, ROOT_CONTEXT, type Span, type Tracer } from '@kubeledger/telemetry';

export interface ProcessSpanOptions {
  /** The trace the work continues (the event that caused it); none: the work starts a trace of its own. */
  readonly traceparent?: string | undefined;
  /** The object the work is about: named on the span; a new trace links to its creation trace. */
  readonly object?: KubeObject | undefined;
  readonly resource?: string;
  readonly attributes?: Record<string, string | number | boolean>;
}

/**
 * Runs a component's processing of one object in a span (DESIGN §7): a child of the event that
 * caused it, so its REST writes carry the trace on; or, for work no event caused (probes,
 * timers, retries), the root of a new trace that links to the object's creation trace instead of
 * growing it.
 */
export function processInSpan<T>(tracer: Tracer, name: string, options: ProcessSpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const meta = options.object?.metadata;
  const attributes = {
    ...objectAttributes({ resource: options.resource, namespace: meta?.namespace, name: meta?.name, uid: meta?.uid, revision: meta?.resourceVersion }),
    ...options.attributes,
  };
  if (options.traceparent !== undefined) {
    const parent = contextFromTraceparent(options.traceparent, ROOT_CONTEXT);
    return inSpan(tracer, name, { attributes }, fn, parent);
  }
  const creation = creationTraceOf(options.object);
  return inSpan(tracer, name, { attributes, root: true, ...(creation && { links: [creationLink(creation)] }) }, fn);
}
