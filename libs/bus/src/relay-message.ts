import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import type { LogRecord, Revision } from '@kubeledger/api';
import { isTraceparent } from '@kubeledger/telemetry';
import { BusHeaders, encodeHeaderValue } from './bus-headers.js';
import { gapSubject } from './subjects.js';

/** One message the relay publishes for revision `revision` (a log record or a gap filler). */
export interface RelayMessage {
  readonly revision: Revision;
  readonly subject: string;
  readonly body: Uint8Array;
  readonly headers: MsgHdrs;
  /** When the record was committed (ms since the epoch); absent for fillers. */
  readonly committedAt?: number;
}

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();
const TOKEN = '(?:_|(?:[A-Za-z0-9-]|%[0-9A-F]{2})+)';
const OBJECT_SUBJECT = new RegExp(`^${TOKEN}(?:\\.${TOKEN}){4}$`);

/** The filler for a burned revision: empty body on the gap subject, so stream sequence stays == revision. */
export function fillerMessage(prefix: string, revision: Revision): RelayMessage {
  const headers = natsHeaders();
  headers.set(BusHeaders.revision, String(revision));
  return { revision, subject: gapSubject(prefix), body: EMPTY, headers };
}

/**
 * The message for a log record. A body larger than `maxBody` bytes is replaced by an empty body and
 * a `K8s-Oversize` header (consumers read the object from the apiserver). A record whose subject is
 * not a valid object subject cannot be routed; it becomes a filler marked `K8s-Unroutable` rather
 * than a publish that NATS would drop or time out on forever (the relay must never stall on one record).
 * `traceparent` is the one the message carries: the record's own, or its publish span's.
 */
export function recordMessage(prefix: string, record: LogRecord, maxBody: number, traceparent = record.traceparent): RelayMessage {
  if (!OBJECT_SUBJECT.test(record.subject)) {
    const filler = fillerMessage(prefix, record.revision);
    filler.headers.set(BusHeaders.unroutable, encodeHeaderValue(record.subject));
    return filler;
  }
  const headers = natsHeaders();
  headers.set(BusHeaders.revision, String(record.revision));
  headers.set(BusHeaders.type, record.type);
  headers.set(BusHeaders.uid, encodeHeaderValue(record.uid));
  headers.set(BusHeaders.actor, encodeHeaderValue(record.actor.user));
  if (record.actor.impersonator !== undefined) headers.set(BusHeaders.impersonator, encodeHeaderValue(record.actor.impersonator));
  if (traceparent !== undefined && isTraceparent(traceparent)) headers.set(BusHeaders.traceparent, traceparent);
  let body = utf8.encode(record.objectJson);
  if (body.byteLength > maxBody) {
    headers.set(BusHeaders.oversize, String(body.byteLength));
    body = EMPTY;
  }
  return { revision: record.revision, subject: `${prefix}.${record.subject}`, body, headers, committedAt: record.time.getTime() };
}
