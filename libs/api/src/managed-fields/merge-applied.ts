import type { TypeRegistry } from '../type-info/type-registry.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-values.js';
import { formatFieldPath, formatPathElement, serializePathElement, type PathElement } from './path-element.js';
import { isEmptyContainer, listItemElement, walkOf, type SchemaNode } from './schema-node.js';
import { TypedValueError } from './typed-value-error.js';

/**
 * Merges an applied configuration into a live object by the schema (TypedValue.Merge): leaves
 * (scalars, atomic lists, maps and structs, untyped values) take the applied value; structs and
 * maps merge field by field; associative lists merge item by item, matched by key (or by value
 * for sets), applied items in the applied order with live-only items kept where they were.
 * Removing what the applier no longer applies is a separate step (see `pruneUnapplied`).
 * Throws TypedValueError when the applied configuration repeats a list key.
 */
export function mergeApplied(live: unknown, applied: unknown, type: SchemaNode, registry: TypeRegistry): unknown {
  return merge(registry, live, applied, type, []);
}

function merge(registry: TypeRegistry, lhs: unknown, rhs: unknown, type: SchemaNode, path: PathElement[]): unknown {
  const how = walkOf(registry, type, lhs, rhs);
  if (how.kind === 'leaf' || (isEmptyContainer(lhs) && isEmptyContainer(rhs))) return cloneJson(rhs !== undefined ? rhs : lhs);
  if (how.kind === 'fields') {
    const l: JsonObject = isJsonObject(lhs) ? lhs : {};
    const r: JsonObject = isJsonObject(rhs) ? rhs : {};
    const out: JsonObject = {};
    for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
      if (l[key] === undefined && r[key] === undefined) continue;
      const merged = merge(registry, l[key], r[key], how.childType(key), [...path, { kind: 'field', name: key }]);
      if (merged !== undefined) out[key] = merged;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const l = Array.isArray(lhs) ? lhs : [];
  const r = Array.isArray(rhs) ? rhs : [];
  const rhsPEs = r.map((item, i) => listItemElement(how.list, item, path, i));
  const lhsPEs = l.map((item, i) => listItemElement(how.list, item, path, i));
  const rhsIds = rhsPEs.map(serializePathElement);
  const lhsIds = lhsPEs.map(serializePathElement);
  const observedRHS = new Map<string, unknown>();
  rhsIds.forEach((id, i) => {
    if (observedRHS.has(id)) throw new TypedValueError(`${formatFieldPath(path)}: duplicate entries for key ${formatPathElement(rhsPEs[i]!)}`);
    observedRHS.set(id, r[i]);
  });
  // A key repeated in the live list is not merged with the applied item: it counts as null.
  const observedLHS = new Map<string, unknown>();
  lhsIds.forEach((id, i) => observedLHS.set(id, observedLHS.has(id) ? null : l[i]));

  const mergeItem = (lChild: unknown, rChild: unknown, pe: PathElement) => merge(registry, lChild, rChild, how.items, [...path, pe]);
  const out: unknown[] = [];
  const push = (item: unknown) => {
    if (item !== undefined) out.push(item);
  };
  // Items both sides have come out in the applied order; live-only items stay near their live neighbours.
  const sharedOrder = rhsIds.filter((id) => observedLHS.has(id));
  let nextShared = sharedOrder.shift();
  const mergedRHS = new Set<string>();
  let lI = 0;
  let rI = 0;
  while (lI < l.length || rI < r.length) {
    if (lI < l.length && rI < r.length) {
      const id = lhsIds[lI]!;
      if (id === rhsIds[rI]) {
        mergedRHS.add(id);
        push(mergeItem(observedLHS.get(id), observedRHS.get(id), lhsPEs[lI]!));
        lI++;
        rI++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (observedRHS.has(id) && nextShared !== undefined && nextShared !== id) {
        lI++;
        continue;
      }
    }
    if (lI < l.length) {
      const id = lhsIds[lI]!;
      if (!observedRHS.has(id)) {
        push(mergeItem(l[lI], undefined, lhsPEs[lI]!));
        lI++;
        continue;
      } else if (mergedRHS.has(id)) {
        lI++;
      }
    }
    if (rI < r.length) {
      const id = rhsIds[rI]!;
      mergedRHS.add(id);
      push(mergeItem(observedLHS.get(id), observedRHS.get(id), rhsPEs[rI]!));
      rI++;
      if (nextShared === id) nextShared = sharedOrder.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}
