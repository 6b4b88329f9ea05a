/**
 * Annotations the apiserver puts on a pod when it is created inside a trace: the W3C trace id
 * (32 lowercase hex) and the span id (16 lowercase hex) of the create request's span.
 * `kubeledger trace pod/<name>` reads them to find the pod's creation trace in Jaeger.
 */
export const TRACE_ID_ANNOTATION = 'kubeledger.io/trace-id';
export const TRACE_SPAN_ID_ANNOTATION = 'kubeledger.io/trace-span-id';
