import type { TypeRegistry } from '../type-info/type-registry.js';
import { GO_VALUE_SHAPES } from './go-value-shapes.js';
import { isJsonObject, type JsonObject } from './json-values.js';
import type { SchemaNode } from './schema-node.js';

/**
 * The value as upstream sees a built-in object when it compares (a Go struct round trip, for the
 * parts that decide field ownership): missing non-pointer struct fields filled with their zero
 * value, missing non-omitempty granular lists and maps set to null. Only used for comparing; the
 * objects stored and returned are not changed. Deduced types are left as they are.
 */
export function withGoZeroShape(value: unknown, type: SchemaNode, registry: TypeRegistry): unknown {
  switch (type.kind) {
    case 'struct': {
      if (!isJsonObject(value)) return value;
      const shape = GO_VALUE_SHAPES[type.name];
      const fields = registry.fields(type);
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(value)) {
        const fieldType = fields[key];
        out[key] = fieldType && child !== undefined ? withGoZeroShape(child, fieldType, registry) : child;
      }
      for (const key of shape?.structs ?? []) {
        const fieldType = fields[key];
        if (out[key] === undefined && fieldType) out[key] = withGoZeroShape({}, fieldType, registry);
      }
      for (const key of shape?.nulls ?? []) if (out[key] === undefined) out[key] = null;
      return out;
    }
    case 'map':
      if (!isJsonObject(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withGoZeroShape(child, type.values, registry)]));
    case 'list':
      return Array.isArray(value) ? value.map((item: unknown) => withGoZeroShape(item, type.items, registry)) : value;
    default:
      return value;
  }
}
