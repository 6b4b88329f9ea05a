import type { ObjectRef } from './object-ref.js';
import { decodeToken, encodeToken } from './subject-token.js';

/**
 * The object part of an event's subject, without the deployment's prefix:
 * `<group>.<resource>.<namespace>.<name>.<node>`, always five encoded tokens. `node` is a pod's
 * `spec.nodeName` ('' when unscheduled or not a pod), so a kubelet can filter on it.
 */
export function objectSubject(ref: ObjectRef, node = ''): string {
  return [ref.group, ref.resource, ref.namespace, ref.name, node].map(encodeToken).join('.');
}

export interface ParsedObjectSubject {
  readonly ref: ObjectRef;
  readonly node: string;
}

/** Inverse of {@link objectSubject}. */
export function parseObjectSubject(subject: string): ParsedObjectSubject {
  const tokens = subject.split('.');
  if (tokens.length !== 5) throw new Error(`not an object subject: ${JSON.stringify(subject)}`);
  const [group, resource, namespace, name, node] = tokens.map(decodeToken) as [string, string, string, string, string];
  return { ref: { group, resource, namespace, name }, node };
}
