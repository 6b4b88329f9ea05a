import type { TypeRegistry } from '../type-info/type-registry.js';
import { FieldSet } from './field-set.js';
import { isJsonObject } from './json-values.js';
import { serializePathElement, type PathElement } from './path-element.js';
import { listItemElement, walkOf, type SchemaNode } from './schema-node.js';

/**
 * The fields an object sets, by its schema (TypedValue.ToFieldSet): what an applier owns. Members
 * are scalars; atomic lists, maps and structs (as a whole, not their contents); every item of an
 * associative list (besides its fields); every key of a free-form map (labels), which is why
 * `f:labels` shows `.`-less `f:app` entries and why deduced objects own every map level; and
 * struct fields that are null or `{}`. A struct field holding fields is not itself a member.
 * Items whose key repeats are owned as a whole, once, and not walked.
 */
export function fieldSetOf(value: unknown, type: SchemaNode, registry: TypeRegistry): FieldSet {
  const set = new FieldSet();
  walk(registry, value, type, [], set);
  return set;
}

function walk(registry: TypeRegistry, value: unknown, type: SchemaNode, path: PathElement[], set: FieldSet): void {
  const how = walkOf(registry, type, value);
  if (how.kind === 'leaf') {
    set.insert(path);
    return;
  }
  if (how.kind === 'fields') {
    if (!isJsonObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const childPath = [...path, { kind: 'field', name: key } as const];
      walk(registry, child, how.childType(key), childPath, set);
      if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !how.isDeclared(key)) set.insert(childPath);
    }
    return;
  }
  if (!Array.isArray(value)) return;
  const elements = value.map((item, i) => listItemElement(how.list, item, path, i));
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const pe of elements) {
    const id = serializePathElement(pe);
    if (seen.has(id)) {
      if (!duplicated.has(id)) set.insert([...path, pe]);
      duplicated.add(id);
    }
    seen.add(id);
  }
  value.forEach((item, i) => {
    const pe = elements[i]!;
    if (duplicated.has(serializePathElement(pe))) return;
    const itemPath = [...path, pe];
    walk(registry, item, how.items, itemPath, set);
    set.insert(itemPath);
  });
}
