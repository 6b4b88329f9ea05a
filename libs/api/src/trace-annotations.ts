import type { KubeObject } from './kube-object.js';

/**
 * Annotations the apiserver puts on a pod when it is created inside a trace: the W3C trace id
 * (32 lowercase hex) and the span id (16 lowercase hex) of the create request's span.
 * `kubeledger trace pod/<name>` reads them to find the pod's creation trace in Jaeger.
 */
export const TRACE_ID_ANNOTATION = 'kubeledger.io/trace-id';
export const TRACE_SPAN_ID_ANNOTATION = 'kubeledger.io/trace-span-id';

/** A pod's creation trace, as its annotations name it. */
export interface CreationTrace {
  readonly traceId: string;
  readonly spanId: string;
}

/** The creation trace `object` carries, when both annotations are there and well formed. */
export function creationTraceOf(object: KubeObject | undefined): CreationTrace | undefined {
  const annotations = object?.metadata?.['annotations'] as Readonly<Record<string, string>> | undefined;
  const traceId = annotations?.[TRACE_ID_ANNOTATION];
  const spanId = annotations?.[TRACE_SPAN_ID_ANNOTATION];
  if (!traceId || !spanId || !/^[0-9a-f]{32}$/.test(traceId) || !/^[0-9a-f]{16}$/.test(spanId)) return undefined;
  return { traceId, spanId };
}

/** `object` with its creation trace in the annotations. */
export function withCreationTrace<T extends KubeObject>(object: T, trace: CreationTrace): T {
  const annotations = { ...(object.metadata?.['annotations'] as Record<string, string> | undefined), [TRACE_ID_ANNOTATION]: trace.traceId, [TRACE_SPAN_ID_ANNOTATION]: trace.spanId };
  return { ...object, metadata: { ...object.metadata, annotations } };
}
