import protobuf from 'protobufjs/light.js';
import { formatDuration, formatMicroTime, formatTime, type Int64 } from './go-time.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';
import { messageName, protoSchema } from './proto-schema.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const DURATION = `${META}.Duration`;
const FIELDS_V1 = `${META}.FieldsV1`;
const OBJECT_META = `${META}.ObjectMeta`;
const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension';

/**
 * Go writes every value field (not a pointer) to protobuf even when it is empty, and its JSON
 * leaves empty ones out (omitempty). The .proto files do not say which fields are pointers, so:
 * an empty string is left out (Go treats "" as unset, and a string pointer's "" is refused by
 * validation or means the same); a zero number or false is kept, since it may be a pointer's
 * explicit value (`replicas: 0`, `automountServiceAccountToken: false`) that the JSON API keeps
 * too — except where the field is known to be a value, as ObjectMeta's generation.
 */
const ZERO_MEANS_UNSET: ReadonlySet<string> = new Set([`${OBJECT_META}.generation`]);

type Message = Record<string, unknown>;

/** Decodes embedded bytes (RawExtension, FieldsV1): JSON, or a nested Kubernetes protobuf object. */
export type EmbeddedDecoder = (bytes: Uint8Array) => unknown;

/**
 * A decoded message as the JSON API carries it: upstream's JSON names and types, fields that were
 * not on the wire left out (proto2 presence), and empty lists and maps left out.
 */
export function messageToJson(type: protobuf.Type, message: Message, embedded: EmbeddedDecoder): unknown {
  const name = messageName(type);
  switch (name) {
    case TIME:
      // An empty Time is Go's zero time, which JSON writes as null.
      return has(message, 'seconds') || has(message, 'nanos') ? checkedTime(formatTime(message['seconds'] as Int64)) : null;
    case MICRO_TIME:
      return has(message, 'seconds') || has(message, 'nanos') ? checkedTime(formatMicroTime(message['seconds'] as Int64, message['nanos'] as number)) : null;
    case DURATION:
      return formatDuration(message['duration'] as Int64 | undefined);
    case QUANTITY:
      return has(message, 'string') ? message['string'] : '0';
    case INT_OR_STRING:
      return int64(message['type'] as Int64 | undefined) === 1 ? (message['strVal'] ?? '') : (message['intVal'] ?? 0);
    case RAW_EXTENSION:
      return bytesOrNull(message['raw'], embedded);
    case FIELDS_V1:
      return bytesOrNull(message['Raw'], embedded);
  }
  const schema = protoSchema();
  if (schema.listWrappers.has(name)) return [...((message['items'] as unknown[] | undefined) ?? [])];
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!has(message, field.name)) continue;
    const key = `${name}.${field.name}`;
    const json = fieldToJson(field, message[field.name], embedded);
    if (json === undefined || json === '' || (json === 0 && ZERO_MEANS_UNSET.has(key))) continue;
    if (schema.inlineFields.has(key)) Object.assign(out, json);
    else out[schema.jsonNames[key] ?? field.name] = json;
  }
  return out;
}

/** A field's JSON value, or undefined for an empty list or map. */
function fieldToJson(field: protobuf.Field, value: unknown, embedded: EmbeddedDecoder): unknown {
  const one = (v: unknown) => valueToJson(field, v, embedded);
  if (field.map) {
    const entries = Object.entries(value as Message);
    return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, one(v)])) : undefined;
  }
  if (field.repeated) {
    const items = value as unknown[];
    return items.length ? items.map(one) : undefined;
  }
  return one(value);
}

function valueToJson(field: protobuf.Field, value: unknown, embedded: EmbeddedDecoder): unknown {
  if (field.resolvedType instanceof protobuf.Type) return messageToJson(field.resolvedType, value as Message, embedded);
  switch (field.type) {
    case 'bytes':
      return protobuf.util.base64.encode(value as Uint8Array, 0, (value as Uint8Array).length);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return int64(value as Int64);
    default:
      return value;
  }
}

function bytesOrNull(value: unknown, embedded: EmbeddedDecoder): unknown {
  const bytes = value as Uint8Array | undefined;
  return bytes && bytes.length ? embedded(bytes) : null;
}

function checkedTime(formatted: string | undefined): string {
  if (formatted === undefined) throw new ProtobufDecodeError('Time.MarshalJSON: year outside of range [0,9999]');
  return formatted;
}

/** An int64 as a number (a Long past 2^53 loses precision, as JSON.parse of the same number would). */
const int64 = (value: Int64 | undefined): number => (value === undefined ? 0 : typeof value === 'number' ? value : Number(value.toString()));

const has = (message: Message, field: string): boolean => Object.prototype.hasOwnProperty.call(message, field);
