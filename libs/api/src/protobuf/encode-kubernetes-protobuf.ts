import protobuf from 'protobufjs/light.js';
import type { KubeObject } from '../kube-object.js';
import { KUBERNETES_PROTOBUF_MAGIC } from './decode-kubernetes-protobuf.js';
import { messageTypeFor } from './message-type-for.js';
import { messageName, protoSchema } from './proto-schema.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/**
 * The inverse of decodeKubernetesProtobuf, for tests: a JSON object as a client sends it in
 * protobuf (magic, runtime.Unknown envelope, message). Refuses fields its message does not have,
 * so that a fixture cannot pass by being ignored.
 */
export function encodeKubernetesProtobuf(object: KubeObject): Uint8Array {
  const { apiVersion = '', kind = '', ...rest } = object;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const type = messageTypeFor(group!, version!, kind);
  if (!type) throw new Error(`no message for ${apiVersion} ${kind}`);
  return kubernetesProtobufEnvelope({ apiVersion, kind }, type.encode(jsonToMessage(type, rest)).finish());
}

/** Magic + runtime.Unknown{typeMeta, raw}: a body whose envelope says what the test wants it to say. */
export function kubernetesProtobufEnvelope(typeMeta: { apiVersion?: string; kind?: string }, raw: Uint8Array): Uint8Array {
  const unknown = protoSchema().root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const envelope = unknown.encode({ typeMeta, raw, contentEncoding: '', contentType: '' }).finish();
  const out = new Uint8Array(KUBERNETES_PROTOBUF_MAGIC.length + envelope.length);
  out.set(KUBERNETES_PROTOBUF_MAGIC);
  out.set(envelope, KUBERNETES_PROTOBUF_MAGIC.length);
  return out;
}

type Json = Record<string, unknown>;

function jsonToMessage(type: protobuf.Type, json: unknown): Json {
  const name = messageName(type);
  const utf8 = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  switch (name) {
    case `${META}.Time`:
      return json === null ? {} : { seconds: Date.parse(json as string) / 1000 };
    case `${META}.MicroTime`: {
      if (json === null) return {};
      const [, whole, fraction = ''] = /^(.*?)(?:\.(\d+))?Z$/.exec(json as string)!;
      return { seconds: Date.parse(`${whole}Z`) / 1000, nanos: Number(fraction.padEnd(9, '0')) };
    }
    case `${META}.Duration`:
      return { duration: parseGoDuration(json as string) };
    case `${META}.FieldsV1`:
      return { Raw: utf8(json) };
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
      return { raw: utf8(json) };
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return { string: json };
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return typeof json === 'number' ? { type: 0, intVal: json } : { type: 1, strVal: json };
  }
  const schema = protoSchema();
  if (schema.listWrappers.has(name)) return { items: json };
  const out: Json = {};
  const claimed = new Set<string>();
  for (const field of type.fieldsArray) {
    const key = `${name}.${field.name}`;
    if (schema.inlineFields.has(key)) {
      const inner = field.resolvedType as protobuf.Type;
      const innerKeys = Object.keys(json as Json).filter((k) => inner.fieldsArray.some((f) => (schema.jsonNames[`${messageName(inner)}.${f.name}`] ?? f.name) === k));
      if (innerKeys.length === 0) continue;
      innerKeys.forEach((k) => claimed.add(k));
      out[field.name] = jsonToMessage(inner, Object.fromEntries(innerKeys.map((k) => [k, (json as Json)[k]])));
      continue;
    }
    const jsonName = schema.jsonNames[key] ?? field.name;
    const value = (json as Json)[jsonName];
    claimed.add(jsonName);
    if (value === undefined || (value === null && !(field.resolvedType instanceof protobuf.Type))) continue;
    const one = (v: unknown) => valueToMessage(field, v);
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, one(v)]));
    else if (field.repeated) out[field.name] = (value as unknown[]).map(one);
    else out[field.name] = one(value);
  }
  const unknown = Object.keys(json as Json).filter((k) => !claimed.has(k));
  if (unknown.length) throw new Error(`${name} has no field ${unknown.join(', ')}`);
  return out;
}

function valueToMessage(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return jsonToMessage(field.resolvedType, value);
  if (field.type !== 'bytes') return value;
  const text = value as string;
  const bytes = new Uint8Array(protobuf.util.base64.length(text));
  protobuf.util.base64.decode(text, bytes, 0);
  return bytes;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration for the forms time.Duration.String() writes. */
function parseGoDuration(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return sign * Math.round(total);
}
