import type { ListNode } from '../type-info/type-node.js';
import type { TypeRegistry } from '../type-info/type-registry.js';
import { FieldSet } from './field-set.js';
import { goZeroFills, withGoZeroShape } from './go-zero-shape.js';
import { isJsonObject, valuesEqual, type JsonObject } from './json-values.js';
import { fieldElement, serializePathElement, type FieldPath, type PathElement } from './path-element.js';
import { isEmptyContainer, listItemElement, walkOf, type PathSource, type SchemaNode } from './schema-node.js';

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
  return new Comparer(registry, false).run(lhs, rhs, type);
}

/**
 * `compareObjects(withGoZeroShape(lhs), withGoZeroShape(rhs))`, as upstream compares built-in
 * objects, without building the shaped copies: the walk sees each struct's missing zero-value
 * fields (goZeroFills) where it reads the object's fields, and only a leaf whose values differ is
 * shaped to tell whether they differ as Go structs too. The results are the same sets.
 */
export function compareAsGoStructs(lhs: unknown, rhs: unknown, type: SchemaNode, registry: TypeRegistry): Comparison {
  return new Comparer(registry, true).run(lhs, rhs, type);
}

type Change = keyof Comparison;

/** A step of the walk: a list item's path element, or a field's name (its element is made only when the field changes or is walked into: most are neither). */
type Step = PathElement | string;

const elementOf = (step: Step): PathElement => (typeof step === 'string' ? fieldElement(step) : step);

const NO_FILLS: ReadonlyMap<string, unknown> = new Map();
const NO_FIELDS: JsonObject = Object.freeze({});

/**
 * The result sets at the path of a struct, map or list being walked. Each is descended into on
 * first insert, never before, so no empty child set is attached; and the path itself is only
 * built for an error message. (Inserting each changed path from the root instead would copy the
 * path at every step of the walk and descend from the root for every change.)
 */
class Level implements PathSource {
  readonly #sets: { -readonly [C in Change]?: FieldSet };

  constructor(
    readonly parent: Level | undefined,
    readonly element: PathElement | undefined,
    sets: { -readonly [C in Change]?: FieldSet } = {},
  ) {
    this.#sets = sets;
  }

  set(change: Change): FieldSet {
    return (this.#sets[change] ??= this.parent!.set(change).descend(this.element!));
  }

  path(): FieldPath {
    return this.element ? [...(this.parent?.path() ?? []), this.element] : [];
  }
}

/** One walk of compareObjects or compareAsGoStructs (`goShaped`). */
class Comparer {
  readonly #registry: TypeRegistry;
  readonly #goShaped: boolean;
  readonly #out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  readonly #root = new Level(undefined, undefined, { ...this.#out });

  constructor(registry: TypeRegistry, goShaped: boolean) {
    this.#registry = registry;
    this.#goShaped = goShaped;
  }

  run(lhs: unknown, rhs: unknown, type: SchemaNode): Comparison {
    this.#compare(undefined, undefined, lhs, rhs, type);
    return this.#out;
  }

  /** Records the path `step` below `parent` as changed (the root, which has no step, is never recorded). */
  #record(parent: Level | undefined, step: Step | undefined, change: Change): void {
    if (parent && step !== undefined) parent.set(change).insertMember(elementOf(step));
  }

  #compare(parent: Level | undefined, step: Step | undefined, lhs: unknown, rhs: unknown, type: SchemaNode): void {
    const how = walkOf(this.#registry, type, lhs, rhs);
    if (how.kind === 'leaf' || (this.#isEmpty(lhs, type) && this.#isEmpty(rhs, type))) {
      if (lhs === undefined) this.#record(parent, step, 'added');
      else if (rhs === undefined) this.#record(parent, step, 'removed');
      else if (!this.#equal(lhs, rhs, type)) this.#record(parent, step, 'modified');
      return;
    }
    const here = parent && step !== undefined ? new Level(parent, elementOf(step)) : this.#root;
    if (how.kind === 'fields') this.#compareFields(here, lhs, rhs, how.structName, how.childType);
    else this.#compareItems(here, lhs, rhs, how.list, how.items);
    if (lhs === undefined) this.#record(parent, step, 'added');
    else if (rhs === undefined) this.#record(parent, step, 'removed');
  }

  /** The fields of two structs or maps, each key once: those of either side, and the zero-value fields a Go struct would have. */
  #compareFields(here: Level, lhs: unknown, rhs: unknown, structName: string | undefined, childType: (key: string) => SchemaNode): void {
    const fills = this.#goShaped && structName !== undefined ? goZeroFills(structName, this.#registry) : NO_FILLS;
    const l = isJsonObject(lhs) ? lhs : NO_FIELDS;
    const r = isJsonObject(rhs) ? rhs : NO_FIELDS;
    // withGoZeroShape fills in objects only: a side that is absent or null gets nothing.
    const lFills = l === lhs ? fills : NO_FILLS;
    const rFills = r === rhs ? fills : NO_FILLS;
    for (const key of Object.keys(l)) this.#compareField(here, key, l, lFills, r, rFills, childType);
    for (const key of Object.keys(r)) if (!Object.hasOwn(l, key)) this.#compareField(here, key, l, lFills, r, rFills, childType);
    if (lFills.size > 0 || rFills.size > 0) {
      for (const key of fills.keys()) if (!Object.hasOwn(l, key) && !Object.hasOwn(r, key)) this.#compareField(here, key, l, lFills, r, rFills, childType);
    }
  }

  /** One field: the object's value, else what Go would fill in (a method, not a closure per object: this runs for every field). */
  #compareField(here: Level, key: string, l: JsonObject, lFills: ReadonlyMap<string, unknown>, r: JsonObject, rFills: ReadonlyMap<string, unknown>, childType: (key: string) => SchemaNode): void {
    const lv = l[key] !== undefined ? l[key] : lFills.get(key);
    const rv = r[key] !== undefined ? r[key] : rFills.get(key);
    if (lv !== undefined || rv !== undefined) this.#compare(here, key, lv, rv, childType(key));
  }

  /** The items of two associative lists, matched by key. */
  #compareItems(here: Level, lhs: unknown, rhs: unknown, list: ListNode, itemType: SchemaNode): void {
    const items = new Map<string, { pe: PathElement; left: unknown[]; right: unknown[] }>();
    const shapeKeys = this.#goShaped && this.#fillsKeyFields(list);
    for (const which of ['left', 'right'] as const) {
      const side = which === 'left' ? lhs : rhs;
      if (!Array.isArray(side)) continue;
      for (let i = 0; i < side.length; i++) {
        const item: unknown = side[i];
        const pe = listItemElement(list, shapeKeys ? withGoZeroShape(item, itemType, this.#registry) : item, here, i);
        const id = serializePathElement(pe);
        let entry = items.get(id);
        if (!entry) items.set(id, (entry = { pe, left: [], right: [] }));
        entry[which].push(item);
      }
    }
    for (const { pe, left, right } of items.values()) {
      if (left.length <= 1 && right.length <= 1) {
        this.#compare(here, pe, left[0], right[0], itemType);
      } else if (left.length >= 2 && right.length >= 2) {
        // Duplicates before and after: compared as if atomic.
        if (!this.#equalItems(left, right, itemType)) here.set('modified').insertMember(pe);
      } else if (left.length >= 2) {
        if (right.length === 1) this.#compare(here, pe, undefined, right[0], itemType);
        here.set('removed').insertMember(pe);
      } else {
        if (left.length === 1) this.#compare(here, pe, left[0], undefined, itemType);
        here.set('added').insertMember(pe);
      }
    }
  }

  /** Whether a value is empty as the walk sees it: a struct object Go fills zero-value fields into is not. */
  #isEmpty(value: unknown, type: SchemaNode): boolean {
    if (!isEmptyContainer(value)) return false;
    return !(this.#goShaped && type.kind === 'struct' && isJsonObject(value) && goZeroFills(type.name, this.#registry).size > 0);
  }

  /** Equal values are equal when shaped too; values that differ may only differ by what shaping fills in. */
  #equal(lhs: unknown, rhs: unknown, type: SchemaNode): boolean {
    if (valuesEqual(lhs, rhs)) return true;
    return this.#goShaped && valuesEqual(withGoZeroShape(lhs, type, this.#registry), withGoZeroShape(rhs, type, this.#registry));
  }

  #equalItems(left: readonly unknown[], right: readonly unknown[], itemType: SchemaNode): boolean {
    if (valuesEqual(left, right)) return true;
    if (!this.#goShaped) return false;
    const shape = (item: unknown) => withGoZeroShape(item, itemType, this.#registry);
    return valuesEqual(left.map(shape), right.map(shape));
  }

  /** Whether shaping an item could fill in one of its key fields (then keys are read from shaped items, as before). */
  #fillsKeyFields(list: ListNode): boolean {
    if (list.items.kind !== 'struct' || !list.keys?.length) return false;
    const fills = goZeroFills(list.items.name, this.#registry);
    return fills.size > 0 && list.keys.some((key) => fills.has(key));
  }
}
