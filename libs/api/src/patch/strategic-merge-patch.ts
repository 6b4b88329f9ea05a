/**
 * Server-side strategic merge patch, as kube-apiserver applies it to built-in types
 * (apimachinery `strategicpatch.StrategicMergeMapPatch`). Like JSON merge patch, but the patch
 * strategy of each field (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`) decides
 * how lists merge, and a few directive keys steer the merge:
 *
 * - `$patch: replace | delete` in an object or as a list element (`merge` is refused, as upstream does);
 * - `$retainKeys: [...]`: fields of the object to keep, the others are cleared;
 * - `$setElementOrder/<list>: [...]`: the order of a merged list;
 * - `$deleteFromPrimitiveList/<list>: [...]`: values to remove from a list of scalars.
 *
 * Only the patch strategy matters here: list types and `x-kubernetes-map-type: atomic` are
 * server-side apply's business and upstream strategic merge patch ignores them.
 */
import { deepCopy } from '../deep-copy.js';
import type { ListNode, TypeNode } from '../type-info/type-node.js';
import type { TypeRegistry } from '../type-info/type-registry.js';

/**
 * How kube-apiserver answers the error (`interpretStrategicMergePatchError`): `Invalid` (422) for
 * lists of lists, `BadRequest` (400) for the rest. Upstream answers its untyped errors (missing merge
 * key, unknown `$patch` value, element order mismatch, ...) with a 500; they are the client's fault,
 * so they are `BadRequest` here.
 */
export type StrategicMergePatchErrorReason = 'BadRequest' | 'Invalid';

/** A patch that cannot be applied; the message follows upstream's. */
export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';
  readonly reason: StrategicMergePatchErrorReason;

  constructor(message: string, reason: StrategicMergePatchErrorReason = 'BadRequest') {
    super(message);
    this.reason = reason;
  }
}

/**
 * Applies a strategic merge patch to `original` (not mutated) for a value of type `type`; returns
 * the new value. Throws `StrategicMergePatchError` for a malformed patch. A `null` patch changes
 * nothing, as upstream decodes it to an empty map.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, registry: TypeRegistry, type: TypeNode): unknown {
  if (patch !== null && !isObject(patch)) throw new StrategicMergePatchError(BAD_JSON_DOC);
  if (original !== null && original !== undefined && !isObject(original)) throw new StrategicMergePatchError(BAD_JSON_DOC);
  const base: JsonObject = original ? deepCopy(original) : {};
  return patch === null ? base : mergeObject(base, patch, type, registry);
}

type JsonObject = Record<string, unknown>;
type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** How a list field merges: its strategy without `retainKeys` (`merge`, `replace` or ''), its merge key and element type. */
interface ListShape {
  readonly strategy: string;
  readonly mergeKey: string;
  readonly items: TypeNode;
}

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const UNTYPED: TypeNode = { kind: 'untyped' };

// The messages of apimachinery's mergepatch sentinel errors.
const BAD_JSON_DOC = 'invalid JSON document';
const NO_LIST_OF_LISTS = 'lists of lists are not supported';
const BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
const BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';

// ---------------------------------------------------------------------------------------------
// Objects

/**
 * Merges a patch object into an object (upstream `mergeMap`): `$patch` short-cuts everything, then
 * `$retainKeys` clears fields, `$setElementOrder` lists are merged and ordered, and the remaining
 * keys merge one by one.
 */
function mergeObject(original: JsonObject, patch: JsonObject, node: TypeNode, registry: TypeRegistry): JsonObject {
  if (Object.hasOwn(patch, PATCH)) return objectDirective(patch[PATCH], patch);
  const result: JsonObject = { ...original };
  const rest: JsonObject = { ...patch };
  applyRetainKeys(result, rest);
  applySetElementOrders(result, rest, node, registry);
  for (const [key, value] of Object.entries(rest)) mergeField(result, key, value, node, registry);
  return result;
}

/** `$patch: replace` makes the object the rest of the patch, `$patch: delete` an empty object (not an absent one). */
function objectDirective(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === 'replace') return cleanPatchValue(patch, 'raw') as JsonObject;
  if (directive === 'delete') return {};
  throw new StrategicMergePatchError(`unknown patch type: ${goString(directive)} in map: ${goString(patch)}`);
}

/**
 * `$retainKeys` (upstream `applyRetainKeysDirective`): every non-null key of the patch must be listed,
 * and the fields of the original that are not listed are cleared before merging. Upstream does not
 * check that the field's strategy includes `retainKeys`, so neither does this.
 */
function applyRetainKeys(result: JsonObject, rest: JsonObject): void {
  if (!Object.hasOwn(rest, RETAIN_KEYS)) return;
  const keys = rest[RETAIN_KEYS];
  delete rest[RETAIN_KEYS];
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw new StrategicMergePatchError(BAD_RETAIN_KEYS);
  const retained = new Set<string>(keys);
  for (const [key, value] of Object.entries(rest)) {
    const parallelList = key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (value !== null && !parallelList && !retained.has(key)) throw new StrategicMergePatchError(BAD_RETAIN_KEYS);
  }
  for (const key of Object.keys(result)) if (!retained.has(key)) delete result[key];
}

/**
 * One key of the patch (upstream `mergeMap`'s loop): `null` deletes, a value the original lacks or
 * holds with another JSON type is taken as is (minus nulls and directives), objects and lists merge
 * by the field's strategy, scalars replace. `$deleteFromPrimitiveList/<list>` removes values.
 */
function mergeField(result: JsonObject, key: string, value: unknown, node: TypeNode, registry: TypeRegistry): void {
  const deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
  const field = deleteList ? directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST) : key;
  if (value === null) {
    delete result[field];
    return;
  }
  const current = own(result, field);
  if (current === undefined || jsonKind(current) !== jsonKind(value)) {
    // A deletion list never adds the list it deletes from.
    if (!deleteList) setOrDelete(result, field, cleanPatchValue(value, 'new'));
    return;
  }
  const child = childNode(node, field, registry);
  if (isObject(current) && isObject(value)) {
    const replace = patchStrategy(child) === 'replace';
    setKey(result, field, replace ? cleanPatchValue(value, 'raw') : mergeObject(current, value, child, registry));
  } else if (Array.isArray(current) && Array.isArray(value)) {
    setKey(result, field, mergeListField(current, value, listShape(child), deleteList, registry));
  } else {
    setKey(result, field, value);
  }
}

// ---------------------------------------------------------------------------------------------
// Lists

/** Lists merge under a `merge` strategy (or as a deletion list); otherwise the patch replaces them. */
function mergeListField(original: unknown[], patch: unknown[], shape: ListShape, deleteList: boolean, registry: TypeRegistry): unknown[] {
  if (shape.strategy === 'merge' || deleteList) return mergeList(original, patch, shape, deleteList, registry);
  return cleanPatchValue(patch, 'raw') as unknown[];
}

/**
 * Upstream `mergeSlice`. Scalars: the union without duplicates (or, for a deletion list, the
 * original minus the patch's values). Objects: `$patch` elements are applied, then each element
 * merges into the original one with the same merge key or is added. Either way `reorder` orders the
 * result, with the patch's order as the wanted one.
 */
function mergeList(original: unknown[], patch: unknown[], shape: ListShape, deleteList: boolean, registry: TypeRegistry): unknown[] {
  if (original.length === 0 && patch.length === 0) return [];
  const kind = elementKind(original, patch) ?? 'null';
  if (kind !== 'object') {
    if (deleteList) return original.filter((value) => !patch.some((doomed) => jsonEqual(doomed, value)));
    return reorder(unique([...original, ...patch]), patch, original, shape.mergeKey, kind);
  }
  if (shape.mergeKey === '') throw new StrategicMergePatchError(`cannot merge lists without merge key for ${describe(shape.items)}`);
  const { base, elements } = applyListDirectives(original as JsonObject[], patch as JsonObject[], shape.mergeKey);
  const merged = mergeByKey(base, elements, shape, registry);
  return reorder(merged, elements, base, shape.mergeKey, kind);
}

/**
 * The `$patch` elements of an object list (upstream `mergeSliceWithSpecialElements`): `delete`
 * removes every original element with that merge key, `replace` makes the other elements the whole
 * list; `merge` is refused, as upstream does. Returns the list to merge into and the plain elements.
 */
function applyListDirectives(original: JsonObject[], patch: JsonObject[], mergeKey: string): { base: JsonObject[]; elements: JsonObject[] } {
  let base = original;
  let replace = false;
  const elements: JsonObject[] = [];
  for (const element of patch) {
    if (!Object.hasOwn(element, PATCH)) {
      elements.push(element);
      continue;
    }
    const directive = element[PATCH];
    if (directive === 'delete') {
      if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
      base = base.filter((item) => !(Object.hasOwn(item, mergeKey) && jsonEqual(item[mergeKey], element[mergeKey])));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicMergePatchError(`unknown patch type: ${goString(directive)} in map: ${goString(element)}`);
    }
  }
  return replace ? { base: elements.map((element) => cleanPatchValue(element, 'raw') as JsonObject), elements: [] } : { base, elements };
}

/** Merges each patch element into the first element with its merge key value, or appends it. */
function mergeByKey(base: JsonObject[], elements: JsonObject[], shape: ListShape, registry: TypeRegistry): JsonObject[] {
  const result = [...base];
  for (const element of elements) {
    if (!Object.hasOwn(element, shape.mergeKey)) throw noMergeKey(element, shape.mergeKey);
    const index = findByKey(result, shape.mergeKey, element[shape.mergeKey]);
    const match = index < 0 ? undefined : result[index];
    if (match === undefined) result.push(cleanPatchValue(element, 'raw') as JsonObject);
    else result[index] = mergeObject(match, element, shape.items, registry);
  }
  return result;
}

/**
 * `$setElementOrder/<list>` (upstream `mergePatchIntoOriginal`): the list is merged with its patch
 * list (if any) here, then ordered with the directive as the wanted order. Both keys leave `rest`.
 */
function applySetElementOrders(result: JsonObject, rest: JsonObject, node: TypeNode, registry: TypeRegistry): void {
  for (const key of Object.keys(rest)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Object.hasOwn(rest, key)) continue;
    const order = rest[key];
    delete rest[key];
    if (!Array.isArray(order)) throw badArgType([], order);
    const field = directiveTarget(key, SET_ELEMENT_ORDER, BAD_SET_ELEMENT_ORDER);
    // A null list counts as absent (upstream refuses it, but it never has one: it drops nil slices).
    const current = own(result, field) ?? undefined;
    const patchList = own(rest, field);
    if (current !== undefined && !Array.isArray(current)) throw badArgType([], current);
    if (patchList !== undefined && !Array.isArray(patchList)) throw badArgType([], patchList);
    if (current === undefined && patchList === undefined) continue;

    const shape = listShape(childNode(node, field, registry));
    validateElementOrder(patchList ?? [], order, shape.mergeKey);
    const merged =
      current === undefined
        ? (cleanPatchValue(patchList, 'new') as unknown[])
        : patchList === undefined
          ? current
          : mergeListField(current, patchList, shape, false, registry);
    delete rest[field];
    // Upstream fails when both lists are empty; an empty list is ordered already.
    const kind = elementKind(current ?? [], patchList ?? []);
    setKey(result, field, kind === undefined ? merged : reorder(merged, order, current ?? [], shape.mergeKey, kind));
  }
}

/**
 * Upstream `validatePatchWithSetOrderList`: the patch list's elements (but `$patch` ones) must appear
 * in the `$setElementOrder` list, in the same relative order.
 */
function validateElementOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let elements = patchList;
  if (mergeKey !== '') {
    for (const element of patchList) if (!isObject(element)) throw badArgType({}, element);
    elements = patchList.filter((element) => own(element as JsonObject, PATCH) !== 'delete');
  }
  let p = 0;
  let o = 0;
  while (p < elements.length && o < order.length) {
    const element = elements[p];
    if (isObject(element) && Object.hasOwn(element, PATCH)) {
      p++;
      continue;
    }
    if (mergeKeyEqual(element, order[o], mergeKey)) p++;
    o++;
  }
  if (p < elements.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goString(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goString(order)}\n`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Ordering (upstream `normalizeElementOrder`)

/**
 * Orders a merged list: the elements named in `order` ("patch items") follow `order`, the others
 * ("server-only items") keep their order in `serverOrder`, and the two runs are interleaved by
 * `interleave`.
 */
function reorder(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (isNamedIn(item, order, mergeKey) ? patchItems : serverOnly).push(item);
  if (kind === 'object') {
    requireMergeKeys(mergeKey, patchItems, order);
    requireMergeKeys(mergeKey, serverOnly, serverOrder);
  }
  const identify = (item: unknown): unknown => (kind === 'object' ? own(item as JsonObject, mergeKey) : item);
  return interleave(sortBy(serverOnly, serverOrder, identify), sortBy(patchItems, order, identify), serverOrder, identify);
}

/** Whether `order` names the item: by merge key value for objects, by value for scalars. */
function isNamedIn(item: unknown, order: unknown[], mergeKey: string): boolean {
  if (mergeKey === '') return order.some((named) => jsonEqual(named, item));
  if (!isObject(item)) throw badArgType({}, item);
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return findByKey(order, mergeKey, item[mergeKey]) >= 0;
}

/** Stable sort by position in `order` (elements `order` lacks go last, in their order). */
function sortBy(items: unknown[], order: unknown[], identify: (item: unknown) => unknown): unknown[] {
  const positions = order.map(identify);
  const position = (item: unknown): number => {
    const found = positions.findIndex((id) => jsonEqual(id, identify(item)));
    return found < 0 ? Number.MAX_SAFE_INTEGER : found;
  };
  return items
    .map((item) => ({ item, at: position(item) }))
    .sort((a, b) => a.at - b.at)
    .map(({ item }) => item);
}

/**
 * Upstream `mergeSortedSlice`: walks both runs and takes the server-only element first only when
 * both are in the live list and it came first there. So a patch element the live list lacks is
 * placed before the server-only elements that follow: new elements of a merge without
 * `$setElementOrder` end up at the front.
 */
function interleave(serverOnly: unknown[], patchItems: unknown[], serverOrder: unknown[], identify: (item: unknown) => unknown): unknown[] {
  const positions = serverOrder.map(identify);
  const position = (item: unknown): number => positions.findIndex((id) => jsonEqual(id, identify(item)));
  const result: unknown[] = [];
  let s = 0;
  let p = 0;
  while (s < serverOnly.length || p < patchItems.length) {
    if (p >= patchItems.length) result.push(serverOnly[s++]);
    else if (s >= serverOnly.length) result.push(patchItems[p++]);
    else {
      const serverAt = position(serverOnly[s]);
      const patchAt = position(patchItems[p]);
      result.push(serverAt >= 0 && patchAt >= 0 && serverAt < patchAt ? serverOnly[s++] : patchItems[p++]);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Schema

/** The type of a field of a struct or a value of a map; untyped when the schema does not say. */
function childNode(node: TypeNode, key: string, registry: TypeRegistry): TypeNode {
  if (node.kind === 'struct') return registry.field(node, key) ?? UNTYPED;
  if (node.kind === 'map') return node.values;
  return UNTYPED;
}

/** The strategy of a field without `retainKeys`: `merge,retainKeys` → `merge`, `retainKeys` → ''. */
function patchStrategy(node: TypeNode): string {
  return (node.patchStrategy ?? '').split(',').find((strategy) => strategy !== 'retainKeys') ?? '';
}

function listShape(node: TypeNode): ListShape {
  if (node.kind !== 'list') return { strategy: '', mergeKey: '', items: UNTYPED };
  const list: ListNode = node;
  return { strategy: patchStrategy(list), mergeKey: list.patchMergeKey ?? '', items: list.items };
}

function describe(node: TypeNode): string {
  return node.kind === 'struct' ? node.name : node.kind;
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A patch value taken without merging. Nulls and directive keys are dropped (upstream leaves them
 * for the decoder to drop). In `new` mode (a value the original lacks, upstream `removeDirectives`)
 * objects holding `$patch` are dropped too: such a value, or list element, is not added at all.
 */
function cleanPatchValue(value: unknown, mode: 'new' | 'raw'): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => cleanPatchValue(item, mode)).filter((item) => item !== undefined);
  }
  if (!isObject(value)) return value;
  if (mode === 'new' && Object.hasOwn(value, PATCH)) return undefined;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && !isDirectiveKey(key)) setOrDelete(result, key, cleanPatchValue(item, mode));
  }
  return result;
}

function isDirectiveKey(key: string): boolean {
  return key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/** The list a `$setElementOrder/<list>` or `$deleteFromPrimitiveList/<list>` key is about. */
function directiveTarget(key: string, prefix: string, malformed: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw new StrategicMergePatchError(malformed);
  return key.slice(slash + 1);
}

/** The JSON type shared by all elements of the lists (upstream `sliceElementType`); undefined when empty. */
function elementKind(...lists: unknown[][]): JsonKind | undefined {
  let kind: JsonKind | undefined;
  for (const item of lists.flat()) {
    const itemKind = jsonKind(item);
    if (kind === undefined && itemKind === 'array') throw new StrategicMergePatchError(NO_LIST_OF_LISTS, 'Invalid');
    if (kind !== undefined && itemKind !== kind) throw new StrategicMergePatchError(`list element types are not identical: ${goString(lists)}`);
    kind = itemKind;
  }
  return kind;
}

function mergeKeyEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return jsonEqual(left, right);
  if (!isObject(left)) throw badArgType({}, left);
  if (!isObject(right)) throw badArgType({}, right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return jsonEqual(left[mergeKey], right[mergeKey]);
}

/** Index of the first object whose merge key has this value (upstream `findMapInSliceBasedOnKeyValue`). */
function findByKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  for (const [index, item] of list.entries()) {
    if (!isObject(item)) throw new StrategicMergePatchError(`value for key ${index} is not a map`);
    if (Object.hasOwn(item, mergeKey) && jsonEqual(item[mergeKey], value)) return index;
  }
  return -1;
}

function requireMergeKeys(mergeKey: string, ...lists: unknown[][]): void {
  for (const item of lists.flat()) {
    if (!isObject(item)) throw badArgType({}, item);
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
}

function unique(values: unknown[]): unknown[] {
  return values.filter((value, index) => values.findIndex((other) => jsonEqual(other, value)) === index);
}

function jsonKind(value: unknown): JsonKind {
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return value === null ? 'null' : 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'null';
  }
}

function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) return Array.isArray(right) && left.length === right.length && left.every((item, i) => jsonEqual(item, right[i]));
  if (!isObject(left) || !isObject(right)) return false;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property (never an inherited one such as `__proto__`). */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own data property, even for keys such as `__proto__`. */
function setKey(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function setOrDelete(object: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete object[key];
  else setKey(object, key, value);
}

// ---------------------------------------------------------------------------------------------
// Errors, worded as upstream's (Go's %v formatting of JSON values)

function noMergeKey(object: JsonObject, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${goString(object)} does not contain declared merge key: ${mergeKey}`);
}

function badArgType(expected: unknown, actual: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(`expected a ${goType(expected)}, but received a ${goType(actual)}`);
}

function goType(value: unknown): string {
  switch (jsonKind(value)) {
    case 'object':
      return 'map[string]interface {}';
    case 'array':
      return '[]interface {}';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return '<nil>';
  }
}

function goString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goString(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return value === null || value === undefined ? '<nil>' : String(value);
}
