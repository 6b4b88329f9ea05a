import type { TypeRegistry } from '../type-info/type-registry.js';
import { FieldSet } from './field-set.js';
import { isJsonObject, valuesEqual } from './json-values.js';
import { serializePathElement, type PathElement } from './path-element.js';
import { isEmptyContainer, listItemElement, walkOf, type SchemaNode } from './schema-node.js';

/** What changed from one object to another (typed.Comparison); no path is in more than one set. */
export interface Comparison {
  /** Fields the new object has and the old one did not. */
  readonly added: FieldSet;
  /** Fields both have, with different values. */
  readonly modified: FieldSet;
  /** Fields the old object had and the new one does not. */
  readonly removed: FieldSet;
}

/**
 * Compares two objects by their schema (TypedValue.Compare). Leaves (scalars, atomic values, and
 * structs, maps or lists empty on both sides) are added, removed or modified as wholes; a granular
 * struct, map or list that appears or disappears is itself added or removed besides its contents
 * (which is where the `.` of Update entries comes from: a struct present before is not). Items of
 * associative lists are matched by key; an item that is duplicated on both sides is compared as a
 * whole.
 */
export function compareObjects(lhs: unknown, rhs: unknown, type: SchemaNode, registry: TypeRegistry): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(registry, out, lhs, rhs, type, []);
  return out;
}

function compare(registry: TypeRegistry, out: Comparison, lhs: unknown, rhs: unknown, type: SchemaNode, path: PathElement[]): void {
  const how = walkOf(registry, type, lhs, rhs);
  if (how.kind === 'leaf' || (isEmptyContainer(lhs) && isEmptyContainer(rhs))) {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
    else if (!valuesEqual(lhs, rhs)) out.modified.insert(path);
    return;
  }
  if (how.kind === 'fields') {
    const l = isJsonObject(lhs) ? lhs : {};
    const r = isJsonObject(rhs) ? rhs : {};
    const keys = new Set([...Object.keys(l), ...Object.keys(r)]);
    for (const key of keys) {
      if (l[key] === undefined && r[key] === undefined) continue;
      compare(registry, out, l[key], r[key], how.childType(key), [...path, { kind: 'field', name: key }]);
    }
  } else {
    const l = Array.isArray(lhs) ? lhs : [];
    const r = Array.isArray(rhs) ? rhs : [];
    const items = new Map<string, { pe: PathElement; left: unknown[]; right: unknown[] }>();
    const index = (list: readonly unknown[], side: 'left' | 'right') =>
      list.forEach((item, i) => {
        const pe = listItemElement(how.list, item, path, i);
        const id = serializePathElement(pe);
        const entry = items.get(id) ?? { pe, left: [], right: [] };
        entry[side].push(item);
        items.set(id, entry);
      });
    index(l, 'left');
    index(r, 'right');
    for (const { pe, left, right } of items.values()) {
      const itemPath = [...path, pe];
      if (left.length <= 1 && right.length <= 1) {
        compare(registry, out, left[0], right[0], how.items, itemPath);
      } else if (left.length >= 2 && right.length >= 2) {
        // Duplicates before and after: compared as if atomic.
        if (!valuesEqual(left, right)) out.modified.insert(itemPath);
      } else if (left.length >= 2) {
        if (right.length === 1) compare(registry, out, undefined, right[0], how.items, itemPath);
        out.removed.insert(itemPath);
      } else {
        if (left.length === 1) compare(registry, out, left[0], undefined, how.items, itemPath);
        out.added.insert(itemPath);
      }
    }
  }
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
}
