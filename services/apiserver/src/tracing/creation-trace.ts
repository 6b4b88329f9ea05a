import { TRACE_ID_ANNOTATION, TRACE_SPAN_ID_ANNOTATION, type KubeObject } from '@kubeledger/api';
import { serverSpan } from '@kubeledger/telemetry';
import type { ResourceDefinition } from '../registry/resource-definition.js';

// A pod's creation trace: the trace its create request started (or continued). The pod carries it
// in two annotations so `kubeledger trace pod/<name>` can find it; later writes to the pod start
// traces of their own that link back to it, instead of growing the creation trace forever.

const HEX_TRACE = /^[0-9a-f]{32}$/;
const HEX_SPAN = /^[0-9a-f]{16}$/;

/** Only pods carry their creation trace (the flow DESIGN §7 traces). */
export function tracesCreation(definition: Pick<ResourceDefinition, 'group' | 'resource'>): boolean {
  return definition.group === '' && definition.resource === 'pods';
}

/** Stamps the trace of the create request under way on `object` (a pod); unchanged when nothing is traced. */
export function stampCreationTrace(definition: Pick<ResourceDefinition, 'group' | 'resource'>, object: KubeObject): KubeObject {
  if (!tracesCreation(definition)) return object;
  const span = serverSpan();
  if (!span) return object;
  const { traceId, spanId } = span.spanContext();
  const annotations = { ...annotationsOf(object), [TRACE_ID_ANNOTATION]: traceId, [TRACE_SPAN_ID_ANNOTATION]: spanId };
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/**
 * Links a write's request span to the creation trace of the pod it wrote, when the write is not
 * itself part of a trace the client carried in (`traceparent`) — a later `kubectl label` or
 * `kubectl delete` starts its own trace and points back to the creation.
 */
export function linkCreationTrace(request: { headers: Record<string, unknown> }, definition: Pick<ResourceDefinition, 'group' | 'resource'>, written: unknown): void {
  if (!tracesCreation(definition) || request.headers['traceparent'] !== undefined) return;
  const span = serverSpan();
  const annotations = annotationsOf(written as KubeObject | undefined);
  const traceId = annotations[TRACE_ID_ANNOTATION];
  const spanId = annotations[TRACE_SPAN_ID_ANNOTATION];
  if (!span || !traceId || !spanId || !HEX_TRACE.test(traceId) || !HEX_SPAN.test(spanId)) return;
  if (traceId === span.spanContext().traceId) return;
  span.addLink({ context: { traceId, spanId, traceFlags: 1, isRemote: true }, attributes: { 'kubeledger.link': 'creation' } });
}

function annotationsOf(object: KubeObject | undefined): Record<string, string> {
  const annotations = object?.metadata?.['annotations'];
  return annotations && typeof annotations === 'object' ? (annotations as Record<string, string>) : {};
}
