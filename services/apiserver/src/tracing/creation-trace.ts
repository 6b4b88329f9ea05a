import { creationTraceOf, withCreationTrace, type KubeObject } from '@kubeledger/api';
import { creationLink, serverSpan } from '@kubeledger/telemetry';
import type { ResourceDefinition } from '../registry/resource-definition.js';

// A pod's creation trace: the trace its create request started (or continued). The pod carries it
// in two annotations so `kubeledger trace pod/<name>` can find it; later writes to the pod start
// traces of their own that link to it, instead of growing the creation trace forever.

/** Only pods carry their creation trace (the flow DESIGN §7 traces). */
export function tracesCreation(definition: Pick<ResourceDefinition, 'group' | 'resource'>): boolean {
  return definition.group === '' && definition.resource === 'pods';
}

/** Stamps the trace of the create request under way on `object` (a pod); unchanged when nothing is traced. */
export function stampCreationTrace(definition: Pick<ResourceDefinition, 'group' | 'resource'>, object: KubeObject): KubeObject {
  if (!tracesCreation(definition)) return object;
  const span = serverSpan();
  return span ? withCreationTrace(object, span.spanContext()) : object;
}

/**
 * Links a write's request span to the creation trace of the pod it wrote, when the write is not
 * itself part of a trace the client carried in (`traceparent`) — a later `kubectl label` or
 * `kubectl delete` starts its own trace and points back to the creation.
 */
export function linkCreationTrace(request: { headers: Record<string, unknown> }, definition: Pick<ResourceDefinition, 'group' | 'resource'>, written: unknown): void {
  if (!tracesCreation(definition) || request.headers['traceparent'] !== undefined) return;
  const span = serverSpan();
  const creation = creationTraceOf(written as KubeObject | undefined);
  if (!span || !creation || creation.traceId === span.spanContext().traceId) return;
  span.addLink(creationLink(creation));
}
