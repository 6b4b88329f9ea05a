import type { TypeRegistry } from '../type-info/type-registry.js';
import type { FieldSet } from './field-set.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-values.js';
import { listItemElement, walkOf, type SchemaNode } from './schema-node.js';

/**
 * The value without the fields and items of `set` (TypedValue.RemoveItems): a member path goes
 * with everything below it; a path with members below it is walked into. A map or list left
 * without entries is dropped from its parent (upstream leaves a null there, which typed objects
 * then omit).
 */
export function removeFields(value: unknown, set: FieldSet, type: SchemaNode, registry: TypeRegistry): unknown {
  return remove(registry, value, set, type);
}

function remove(registry: TypeRegistry, value: unknown, set: FieldSet, type: SchemaNode): unknown {
  const how = walkOf(registry, type, value);
  if (how.kind === 'leaf' || set.isEmpty()) return cloneJson(value);
  if (how.kind === 'fields') {
    if (!isJsonObject(value)) return cloneJson(value);
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const pe = { kind: 'field', name: key } as const;
      if (set.hasMember(pe)) continue;
      const below = set.child(pe);
      const kept = below ? remove(registry, child, below, how.childType(key)) : cloneJson(child);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return cloneJson(value);
  const out: unknown[] = [];
  value.forEach((item, i) => {
    const pe = listItemElement(how.list, item, [], i);
    if (set.hasMember(pe)) return;
    const below = set.child(pe);
    const kept = below ? remove(registry, item, below, how.items) : cloneJson(item);
    if (kept !== undefined) out.push(kept);
  });
  return out.length > 0 ? out : undefined;
}
