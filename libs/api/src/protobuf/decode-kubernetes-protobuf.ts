import type protobuf from 'protobufjs/light.js';
import type { KubeObject } from '../kube-object.js';
import { messageToJson } from './message-to-json.js';
import { messageTypeFor } from './message-type-for.js';
import { ProtobufDecodeError, isProtobufDecodeError, type DecodedKind } from './protobuf-decode-error.js';
import { protoSchema } from './proto-schema.js';

/** Every Kubernetes protobuf body starts with `k8s\0`; the rest is a runtime.Unknown. */
export const KUBERNETES_PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/** The kind a request expects, used where the envelope leaves its kind or version empty (upstream's copyKindDefaults). */
export interface ExpectedKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * An `application/vnd.kubernetes.protobuf` body as the JSON object the JSON API would carry: the
 * magic, the runtime.Unknown envelope (its typeMeta picks the message), the message in `raw`, and
 * `apiVersion`/`kind` from the envelope. Throws ProtobufDecodeError, worded as upstream's decoder.
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array, expected?: ExpectedKind): KubeObject {
  const magic = KUBERNETES_PROTOBUF_MAGIC;
  if (bytes.length === 0) throw new ProtobufDecodeError('empty data');
  if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${magic.join(' ')}]`);
  }
  if (bytes.length === magic.length) throw new ProtobufDecodeError('empty body');
  const { root } = protoSchema();
  const envelope = decodeMessage(root.lookupType(UNKNOWN), bytes.subarray(magic.length));
  const typeMeta = (envelope['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const kind = withDefaults(parseApiVersion(typeMeta.apiVersion ?? ''), typeMeta.kind ?? '', expected);
  if (!kind.kind) throw new ProtobufDecodeError(`Object 'Kind' is missing in '${goTypeMeta(typeMeta)}'`, kind);
  if (!kind.version) throw new ProtobufDecodeError(`Object 'apiVersion' is missing in '${goTypeMeta(typeMeta)}'`, kind);
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  const type = messageTypeFor(kind.group, kind.version, kind.kind);
  if (!type) throw new ProtobufDecodeError(`no kind "${kind.kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`, kind);
  try {
    const raw = (envelope['raw'] as Uint8Array | undefined) ?? new Uint8Array();
    const object = messageToJson(type, decodeMessage(type, raw), embeddedObject) as KubeObject;
    return { apiVersion, kind: kind.kind, ...object };
  } catch (err) {
    throw isProtobufDecodeError(err) ? new ProtobufDecodeError(err.message, kind) : err;
  }
}

function decodeMessage(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  try {
    return type.decode(bytes) as unknown as Record<string, unknown>;
  } catch (err) {
    // protobufjs reports reading past the end as a RangeError; Go's decoder says "unexpected EOF".
    throw new ProtobufDecodeError(err instanceof RangeError ? 'unexpected EOF' : `proto: ${(err as Error).message}`);
  }
}

/** RawExtension and FieldsV1 bytes: an embedded Kubernetes protobuf object, or JSON. */
function embeddedObject(bytes: Uint8Array): unknown {
  if (KUBERNETES_PROTOBUF_MAGIC.every((b, i) => bytes[i] === b)) return decodeKubernetesProtobuf(bytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ProtobufDecodeError(`error decoding embedded JSON: ${(err as Error).message}`);
  }
}

/** schema.ParseGroupVersion, lenient as runtime.Unknown's GroupVersionKind() is: a malformed apiVersion names no version. */
function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

/** copyKindDefaults: the expected kind fills an empty kind, the expected group version an empty version. */
function withDefaults(gv: { group: string; version: string }, kind: string, expected: ExpectedKind | undefined): DecodedKind {
  if (!expected) return { ...gv, kind };
  const want = parseApiVersion(expected.apiVersion);
  return { ...(gv.version || !want.version ? gv : want), kind: kind || expected.kind };
}

const goTypeMeta = (t: { apiVersion?: string; kind?: string }) => `runtime.TypeMeta{APIVersion:${JSON.stringify(t.apiVersion ?? '')}, Kind:${JSON.stringify(t.kind ?? '')}}`;
