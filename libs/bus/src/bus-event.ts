import type { JsMsg } from '@nats-io/jetstream';
import { EventTypes, withResourceVersion, type EventType, type KubeObject, type ObjectRef, type Revision } from '@kubeledger/api';
import { BusHeaders, decodeHeaderValue } from './bus-headers.js';
import { StreamMisalignedError } from './bus-errors.js';
import { parseSubject } from './subjects.js';

/** One event as a consumer sees it. */
export interface BusEvent {
  readonly type: EventType;
  readonly revision: Revision;
  readonly ref: ObjectRef;
  /** The pod's `spec.nodeName` ('' when unscheduled or not a pod). */
  readonly node: string;
  readonly uid: string;
  /** The object with `metadata.resourceVersion` = revision; null when it was too large for the bus (read it from the apiserver). */
  readonly object: KubeObject | null;
  readonly oversize: boolean;
  readonly traceparent?: string;
  readonly actor?: string;
  readonly impersonator?: string;
}

const isEventType = (v: string | undefined): v is EventType => (EventTypes as readonly (string | undefined)[]).includes(v);

/**
 * The event a stream message carries, or undefined for a message that is not an object event (gap
 * fillers, anything foreign under the prefix). Throws {@link StreamMisalignedError} when the
 * message's `K8s-Rev` differs from its stream sequence: stream sequence == revision is the contract.
 */
export function decodeBusEvent(prefix: string, msg: JsMsg): BusEvent | undefined {
  const h = msg.headers;
  const revHeader = h?.get(BusHeaders.revision);
  if (revHeader && Number(revHeader) !== msg.seq) throw new StreamMisalignedError(Number(revHeader), msg.seq);
  const type = h?.get(BusHeaders.type);
  if (!h || !revHeader || !isEventType(type)) return undefined;
  let parsed;
  try {
    parsed = parseSubject(prefix, msg.subject);
  } catch {
    return undefined;
  }
  const revision = msg.seq;
  const oversize = h.has(BusHeaders.oversize);
  const object = oversize ? null : withResourceVersion(msg.json<KubeObject>(), revision);
  const optional = (name: string) => (h.has(name) ? decodeHeaderValue(h.get(name)) : undefined);
  const traceparent = optional(BusHeaders.traceparent);
  const actor = optional(BusHeaders.actor);
  const impersonator = optional(BusHeaders.impersonator);
  return {
    type,
    revision,
    ref: parsed.ref,
    node: parsed.node,
    uid: decodeHeaderValue(h.get(BusHeaders.uid)),
    object,
    oversize,
    ...(traceparent !== undefined && { traceparent }),
    ...(actor !== undefined && { actor }),
    ...(impersonator !== undefined && { impersonator }),
  };
}
