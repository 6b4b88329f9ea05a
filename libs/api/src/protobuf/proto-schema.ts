import protobuf from 'protobufjs/light.js';
import { INLINE_FIELDS, JSON_NAMES, LIST_WRAPPERS, PROTO_DESCRIPTOR } from '../generated/proto-descriptor.js';

/** The built-in types' protobuf messages and what their JSON form needs beyond field names. */
export interface ProtoSchema {
  readonly root: protobuf.Root;
  /** Messages whose JSON is their `items` array (`meta.v1.Verbs`, `ExtraValue`). */
  readonly listWrappers: ReadonlySet<string>;
  /** `<message>.<field>` of Go embedded structs, whose fields are the parent's in JSON. */
  readonly inlineFields: ReadonlySet<string>;
  /** `<message>.<field>` → JSON name, where they differ. */
  readonly jsonNames: Readonly<Record<string, string>>;
}

let schema: ProtoSchema | undefined;

/** Built from the generated descriptor on first use (a few milliseconds), then shared: it is immutable. */
export function protoSchema(): ProtoSchema {
  if (schema) return schema;
  const root = protobuf.Root.fromJSON(PROTO_DESCRIPTOR as protobuf.INamespace);
  root.resolveAll();
  schema = {
    root,
    listWrappers: new Set(LIST_WRAPPERS),
    inlineFields: new Set(INLINE_FIELDS),
    jsonNames: JSON_NAMES,
  };
  return schema;
}

/** `k8s.io.api.core.v1.Pod` for a message type (protobufjs names start with a dot). */
export const messageName = (type: protobuf.Type): string => type.fullName.slice(1);
