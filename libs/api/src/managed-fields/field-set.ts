import { comparePathElements, type FieldPath, type PathElement } from './path-element.js';

/** A child of a set: the subset of paths that continue below `element`. */
export interface FieldSetChild {
  readonly element: PathElement;
  readonly set: FieldSet;
}

/** Index of `pe` in a sorted array, or `-(insertion point) - 1` when absent. */
function search<T>(items: readonly T[], pe: PathElement, elementOf: (item: T) => PathElement): number {
  let lo = 0;
  let hi = items.length - 1;
  // Sets are mostly built in order (decoding FieldsV1, copying): then `pe` goes after the last item.
  if (hi >= 0) {
    const last = comparePathElements(elementOf(items[hi]!), pe);
    if (last < 0) return -items.length - 1;
    if (last === 0) return hi;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePathElements(elementOf(items[mid]!), pe);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

const self = (pe: PathElement) => pe;
const childElement = (c: FieldSetChild) => c.element;

/**
 * A set of field paths (fieldpath.Set): a tree whose nodes list the path elements that are members
 * themselves and the children that have members below them. Appearing as a child does not make an
 * element a member: `.spec.replicas` in the set does not put `.spec` in it. Members and children
 * are kept sorted in upstream's path-element order, which is also the FieldsV1 order.
 *
 * `insert` changes the set; the set operations return new sets that share nothing with their inputs.
 */
export class FieldSet {
  readonly #members: PathElement[] = [];
  readonly #children: FieldSetChild[] = [];

  /** A set holding these paths. */
  static of(...paths: FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** The elements that are members at this level, sorted. */
  get members(): readonly PathElement[] {
    return this.#members;
  }

  /** The elements with members below them, sorted. */
  get children(): readonly FieldSetChild[] {
    return this.#children;
  }

  /** Adds a path (not its parents). The empty path (the whole object) is never a member. */
  insert(path: FieldPath): this {
    if (path.length === 0) return this;
    const parent = path.slice(0, -1).reduce<FieldSet>((set, pe) => set.descend(pe), this);
    parent.insertMember(path[path.length - 1]!);
    return this;
  }

  /** Adds `pe` as a member at this level. */
  insertMember(pe: PathElement): this {
    const at = search(this.#members, pe, self);
    if (at < 0) this.#members.splice(-at - 1, 0, pe);
    return this;
  }

  /** The child set under `pe`, created when missing. */
  descend(pe: PathElement): FieldSet {
    const at = search(this.#children, pe, childElement);
    if (at >= 0) return this.#children[at]!.set;
    const set = new FieldSet();
    this.#children.splice(-at - 1, 0, { element: pe, set });
    return set;
  }

  /** Puts `set` below `pe`, joined with what is there already; the set is taken over, not copied. An empty set adds nothing. */
  attach(pe: PathElement, set: FieldSet): this {
    if (set.isEmpty()) return this;
    const at = search(this.#children, pe, childElement);
    if (at >= 0) this.#children[at] = { element: pe, set: this.#children[at]!.set.union(set) };
    else this.#children.splice(-at - 1, 0, { element: pe, set });
    return this;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.#members, pe, self) >= 0;
  }

  /** The child set under `pe`, if any. */
  child(pe: PathElement): FieldSet | undefined {
    const at = search(this.#children, pe, childElement);
    return at >= 0 ? this.#children[at]!.set : undefined;
  }

  /** Whether the path is a member. */
  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const parent = path.slice(0, -1).reduce<FieldSet | undefined>((set, pe) => set?.child(pe), this);
    return parent?.hasMember(path[path.length - 1]!) ?? false;
  }

  /** The paths below `pe`, without it (an empty set when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe)?.copy() ?? new FieldSet();
  }

  isEmpty(): boolean {
    return this.#members.length === 0 && this.#children.every((c) => c.set.isEmpty());
  }

  /** The number of members, at every level. */
  get size(): number {
    return this.#members.length + this.#children.reduce((n, c) => n + c.set.size, 0);
  }

  /** Every member path, depth first: this level's members, then each child's paths. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    this.#collect([], out);
    return out;
  }

  #collect(prefix: readonly PathElement[], out: FieldPath[]): void {
    for (const pe of this.#members) out.push([...prefix, pe]);
    for (const c of this.#children) c.set.#collect([...prefix, c.element], out);
  }

  copy(): FieldSet {
    const out = new FieldSet();
    out.#members.push(...this.#members);
    for (const c of this.#children) out.#children.push({ element: c.element, set: c.set.copy() });
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this.#members.length !== other.#members.length || this.#children.length !== other.#children.length) return false;
    if (this.#members.some((pe, i) => comparePathElements(pe, other.#members[i]!) !== 0)) return false;
    return this.#children.every((c, i) => comparePathElements(c.element, other.#children[i]!.element) === 0 && c.set.equals(other.#children[i]!.set));
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.#members.push(...mergeSorted(this.#members, other.#members, self, 'union'));
    let i = 0;
    let j = 0;
    const a = this.#children;
    const b = other.#children;
    while (i < a.length || j < b.length) {
      const c = i >= a.length ? 1 : j >= b.length ? -1 : comparePathElements(a[i]!.element, b[j]!.element);
      if (c < 0) out.#children.push({ element: a[i]!.element, set: a[i++]!.set.copy() });
      else if (c > 0) out.#children.push({ element: b[j]!.element, set: b[j++]!.set.copy() });
      else out.#children.push({ element: a[i]!.element, set: a[i++]!.set.union(b[j++]!.set) });
    }
    return out;
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.#members.push(...mergeSorted(this.#members, other.#members, self, 'intersection'));
    for (const c of this.#children) {
      const o = other.child(c.element);
      if (!o) continue;
      const both = c.set.intersection(o);
      if (!both.isEmpty()) out.#children.push({ element: c.element, set: both });
    }
    return out;
  }

  /**
   * Paths in this set and not in `other`. As upstream: a member of `other` does not take away the
   * paths below it (`.spec.replicas` minus `.spec` is still `.spec.replicas`).
   */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.#members.push(...mergeSorted(this.#members, other.#members, self, 'difference'));
    for (const c of this.#children) {
      const o = other.child(c.element);
      const rest = o ? c.set.difference(o) : c.set.copy();
      if (!rest.isEmpty()) out.#children.push({ element: c.element, set: rest });
    }
    return out;
  }

  /** Paths in this set that neither are in `other` nor lie below a member of it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.#members.push(...mergeSorted(this.#members, other.#members, self, 'difference'));
    for (const c of this.#children) {
      if (other.hasMember(c.element)) continue;
      const o = other.child(c.element);
      const rest = o ? c.set.recursiveDifference(o) : c.set.copy();
      if (!rest.isEmpty()) out.#children.push({ element: c.element, set: rest });
    }
    return out;
  }

  /** The members that have no members below them. */
  leaves(): FieldSet {
    const out = new FieldSet();
    for (const pe of this.#members) if (!this.child(pe)) out.#members.push(pe);
    for (const c of this.#children) {
      const leaves = c.set.leaves();
      if (!leaves.isEmpty()) out.#children.push({ element: c.element, set: leaves });
    }
    return out;
  }
}

function mergeSorted<T>(a: readonly T[], b: readonly T[], elementOf: (item: T) => PathElement, op: 'union' | 'intersection' | 'difference'): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i >= a.length ? 1 : j >= b.length ? -1 : comparePathElements(elementOf(a[i]!), elementOf(b[j]!));
    if (c < 0) {
      if (op !== 'intersection') out.push(a[i]!);
      i++;
    } else if (c > 0) {
      if (op === 'union') out.push(b[j]!);
      j++;
    } else {
      if (op !== 'difference') out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}
