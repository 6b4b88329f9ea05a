/** `metav1.Time` in JSON: RFC 3339 in whole seconds, UTC (`2026-11-24T01:00:00Z`). */
export const rfc3339 = (at: Date | number = new Date()): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `metav1.MicroTime` in JSON (Leases, events.k8s.io): RFC 3339 with microseconds (`2026-11-24T01:00:00.123000Z`). */
export const rfc3339Micro = (at: Date | number = new Date()): string => new Date(at).toISOString().replace(/Z$/, '000Z');
