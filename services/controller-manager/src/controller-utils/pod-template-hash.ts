import { canonicalJson } from './canonical-json.js';
import type { PodTemplate } from './pod-template.js';
import { withoutValueZeros } from './pod-template-zeros.js';

/** The label a Deployment's ReplicaSets and their pods carry, set to the hash of their template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** rand.SafeEncodeString's alphabet: no vowels (no words) and no look-alike characters (0, 1, 3). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (const byte of bytes) h = Math.imul(h ^ byte, FNV_PRIME) >>> 0;
  return h;
}

/**
 * The `pod-template-hash` of a template (upstream's `controller.ComputeHash`, in its shape, not
 * its value): FNV-32a of the template — here its canonical JSON, so equal templates hash equal
 * whatever their key order — then, when set, of `collisionCount` as 8 little-endian bytes (so a
 * bumped count names a new ReplicaSet); the decimal digits of the sum are mapped onto
 * SafeEncodeString's alphabet, one character per digit (at most 10, always a valid label value).
 * The zeros of Go value fields are left out first (see pod-template-zeros.ts), so a template read
 * from protobuf and the same one from JSON hash equal.
 */
export function podTemplateHash(template: PodTemplate, collisionCount?: number): string {
  let hash = fnv1a(FNV_OFFSET, new TextEncoder().encode(canonicalJson(withoutValueZeros(template))));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv1a(hash, bytes);
  }
  return [...String(hash)].map((digit) => ALPHANUMS[digit.charCodeAt(0) % ALPHANUMS.length]).join('');
}
