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

/** A JSON value frozen all the way down (cached values are shared, so nothing may change them). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const NO_FILLS: ReadonlyMap<string, unknown> = new Map();

/** Per registry, per struct name: the fills of goZeroFills (the registry's definitions never change, so neither do they). */
const fillsCache = new WeakMap<TypeRegistry, Map<string, ReadonlyMap<string, unknown>>>();

/**
 * What withGoZeroShape puts into an object of struct `name` for each key it lacks: the zero value
 * of a non-pointer struct field (itself zero-shaped), or null for a field never omitted. Lets a
 * walk see an object as withGoZeroShape would make it without copying it. The values are frozen.
 */
export function goZeroFills(name: string, registry: TypeRegistry): ReadonlyMap<string, unknown> {
  let byName = fillsCache.get(registry);
  if (!byName) fillsCache.set(registry, (byName = new Map()));
  let fills = byName.get(name);
  if (!fills) {
    const shape = GO_VALUE_SHAPES[name];
    const fields = registry.fields({ kind: 'struct', name });
    const out = new Map<string, unknown>();
    // In withGoZeroShape's order: structs first, then nulls where nothing was filled.
    for (const key of shape?.structs ?? []) {
      const fieldType = fields[key];
      if (fieldType) out.set(key, deepFreeze(withGoZeroShape({}, fieldType, registry)));
    }
    for (const key of shape?.nulls ?? []) if (!out.has(key)) out.set(key, null);
    fills = out.size > 0 ? out : NO_FILLS;
    byName.set(name, fills);
  }
  return fills;
}
