/** The headers every bus message carries (DESIGN §3). Values are safe header text; see {@link encodeHeaderValue}. */
export const BusHeaders = {
  revision: 'K8s-Rev',
  type: 'K8s-Type',
  uid: 'K8s-UID',
  actor: 'K8s-Actor',
  impersonator: 'K8s-Impersonator',
  traceparent: 'traceparent',
  /** Set instead of a body when the object is too large for one message: the object's size in bytes. */
  oversize: 'K8s-Oversize',
  /** Set on a filler that stands for a record the relay could not route (its subject was malformed). */
  unroutable: 'K8s-Unroutable',
} as const;
export type BusHeader = (typeof BusHeaders)[keyof typeof BusHeaders];

// NATS header values cannot hold CR/LF and lose surrounding white space, so free text (user names)
// is percent-encoded where it would not survive; ordinary values (UUIDs, `system:node:x`) pass unchanged.
const UNSAFE = /%|[\u0000-\u001f\u007f]|^\s|\s$/gu;

export function encodeHeaderValue(value: string): string {
  return value.replace(UNSAFE, (c) => encodeURIComponent(c));
}

export function decodeHeaderValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
