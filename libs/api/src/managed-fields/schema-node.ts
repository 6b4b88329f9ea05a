import type { TypeRegistry } from '../type-info/type-registry.js';
import type { ListNode, MapNode, TypeNode } from '../type-info/type-node.js';
import { goJson } from './go-json.js';
import { isJsonObject } from './json-values.js';
import { KEY_FIELD_DEFAULTS } from './key-field-defaults.js';
import { formatFieldPath, keyElement, valueElement, type FieldPath, type KeyField, type PathElement } from './path-element.js';
import { TypedValueError } from './typed-value-error.js';

/** A type without a schema (upstream's deduced type): objects are granular maps of deduced values, lists atomic, the rest scalars. */
export interface DeducedNode {
  readonly kind: 'deduced';
}

/** The type a value is walked by: a registry type, or deduced (kinds the registry does not know). */
export type SchemaNode = TypeNode | DeducedNode;

export const DEDUCED: DeducedNode = { kind: 'deduced' };

/** A field a struct does not declare: treated as any JSON, replaced as a whole. */
const UNDECLARED: TypeNode = { kind: 'untyped' };

/**
 * How values of a type are walked, given the values at hand (`undefined` = absent): as one leaf
 * (scalars, atomic types, values that do not fit their type), as a struct or map whose entries
 * are children, or as an associative list whose items are children.
 */
export type Walk =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'fields'; readonly structName?: string; readonly childType: (key: string) => SchemaNode; readonly isDeclared: (key: string) => boolean }
  | { readonly kind: 'list'; readonly list: ListNode; readonly items: SchemaNode };

const LEAF: Walk = { kind: 'leaf' };
const DEDUCED_FIELDS: Walk = { kind: 'fields', childType: () => DEDUCED, isDeclared: () => false };
const fitsObject = (v: unknown) => v === undefined || v === null || isJsonObject(v);
const fitsList = (v: unknown) => v === undefined || v === null || Array.isArray(v);

/**
 * The non-leaf walk of each struct (by name), map and list node, per registry: walking a large
 * object asks for the same few walks thousands of times, and building them (closures included)
 * each time showed in profiles. A walk depends only on the node and the registry's (immutable)
 * definitions, so a cached one never goes stale.
 */
const containerWalks = new WeakMap<TypeRegistry, { readonly structs: Map<string, Walk>; readonly nodes: WeakMap<SchemaNode, Walk> }>();

function cachesOf(registry: TypeRegistry) {
  let caches = containerWalks.get(registry);
  if (!caches) containerWalks.set(registry, (caches = { structs: new Map(), nodes: new WeakMap() }));
  return caches;
}

function structWalk(registry: TypeRegistry, name: string): Walk {
  const caches = cachesOf(registry);
  let walk = caches.structs.get(name);
  if (!walk) {
    const fields = registry.fields({ kind: 'struct', name });
    walk = { kind: 'fields', structName: name, childType: (key) => fields[key] ?? UNDECLARED, isDeclared: (key) => Object.hasOwn(fields, key) };
    caches.structs.set(name, walk);
  }
  return walk;
}

function nodeWalk(registry: TypeRegistry, node: MapNode | ListNode): Walk {
  const caches = cachesOf(registry);
  let walk = caches.nodes.get(node);
  if (!walk) {
    walk = node.kind === 'map' ? { kind: 'fields', childType: () => node.values, isDeclared: () => false } : { kind: 'list', list: node, items: node.items };
    caches.nodes.set(node, walk);
  }
  return walk;
}

export function walkOf(registry: TypeRegistry, node: SchemaNode, ...values: unknown[]): Walk {
  switch (node.kind) {
    case 'struct':
      if (registry.isAtomic(node) || !values.every(fitsObject)) return LEAF;
      return structWalk(registry, node.name);
    case 'map':
      if (node.atomic || !values.every(fitsObject)) return LEAF;
      return nodeWalk(registry, node);
    case 'list':
      if (node.listType === 'atomic' || !values.every(fitsList)) return LEAF;
      return nodeWalk(registry, node);
    case 'deduced':
      if (values.every(fitsObject) && values.some(isJsonObject)) return DEDUCED_FIELDS;
      return LEAF;
    default:
      return LEAF;
  }
}

/** Whether a walked value has no entries (absent, null, `{}` or `[]`): upstream then treats the node as a leaf, keeping null and empty apart. */
export function isEmptyContainer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) {
    for (const key of Object.keys(value)) if (value[key] !== undefined) return false;
    return true;
  }
  return false;
}

/** What knows a path without holding it: a walk builds the path only for an error message. */
export interface PathSource {
  path(): FieldPath;
}

/** Where an item is, for errors: `.spec.containers: element 0` (a function rather than a closure per item: only an error needs it). */
function whereInList(path: FieldPath | PathSource, index: number): string {
  return `${formatFieldPath('path' in path ? path.path() : path)}: element ${index}`;
}

/**
 * The path element naming an item of an associative list: its key fields (a missing key field
 * takes its schema default, else is left out) or, for a set, its value. `path` (the list's) is
 * only needed for error messages, so it may be given as something that builds it.
 */
export function listItemElement(list: ListNode, item: unknown, path: FieldPath | PathSource, index: number): PathElement {
  const keys = list.keys ?? [];
  if (keys.length > 0) {
    if (item === null) throw new TypedValueError(`${whereInList(path, index)}: associative list with keys may not have a null element`);
    if (!isJsonObject(item)) throw new TypedValueError(`${whereInList(path, index)}: associative list with keys may not have non-map elements`);
    const defaults = list.items.kind === 'struct' ? KEY_FIELD_DEFAULTS[list.items.name] : undefined;
    const fields: KeyField[] = [];
    for (const name of keys) {
      const value = item[name] !== undefined ? item[name] : defaults?.[name];
      if (value !== undefined) fields.push({ name, value });
    }
    if (fields.length === 0) {
      throw new TypedValueError(`${whereInList(path, index)}: associative list with keys has an element that omits all key fields [${keys.map((k) => goJson(k)).join(' ')}] (and doesn't have default values for any key fields)`);
    }
    return keyElement(fields);
  }
  if (isJsonObject(item)) throw new TypedValueError(`${whereInList(path, index)}: associative list without keys has an element that's a map type`);
  if (Array.isArray(item)) throw new TypedValueError(`${whereInList(path, index)}: not supported: associative list with lists as elements`);
  if (item === null || item === undefined) throw new TypedValueError(`${whereInList(path, index)}: associative list without keys has an element that's an explicit null`);
  return valueElement(item);
}
