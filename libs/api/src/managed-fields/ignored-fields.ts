import { FieldSet } from './field-set.js';
import type { PathElement } from './path-element.js';

/** Paths written as arrays of field names or path elements: `[['status'], ['metadata', 'labels']]`. */
export type PathList = readonly (readonly (string | PathElement)[])[];

/**
 * Fields a write path may neither own nor set (upstream's reset fields, which strategies declare):
 * either the paths themselves, each with everything below it (`[['status']]` for writes to the
 * main resource), or, with `allBut`, everything except those paths and what is below them (a
 * `/status` write: `{ allBut: [['status']] }`).
 */
export type IgnoredFields = FieldSet | PathList | { readonly allBut: FieldSet | PathList };

/** A set of paths (field names, or path elements for list items), e.g. `pathSet(['status'], ['metadata', 'labels'])`. */
export function pathSet(...paths: PathList): FieldSet {
  return FieldSet.of(...paths.map((path) => path.map((pe) => (typeof pe === 'string' ? ({ kind: 'field', name: pe } as const) : pe))));
}

const asSet = (paths: FieldSet | PathList): FieldSet => (paths instanceof FieldSet ? paths : pathSet(...paths));

/**
 * The same fields with their paths made sets once (a request filters several sets by them; the
 * apiserver passes path lists, which withoutIgnored would otherwise turn into sets each time).
 */
export function resolveIgnored(ignored: IgnoredFields | undefined): IgnoredFields | undefined {
  if (!ignored || ignored instanceof FieldSet) return ignored;
  if (Array.isArray(ignored)) return asSet(ignored as PathList);
  const allBut = (ignored as { readonly allBut: FieldSet | PathList }).allBut;
  return allBut instanceof FieldSet ? ignored : { allBut: asSet(allBut) };
}

/**
 * The set without what `ignored` excludes (a recursive difference, or a prefix match for `allBut`).
 * The set itself when nothing is excluded (sets are not changed in place once built).
 */
export function withoutIgnored(set: FieldSet, ignored: IgnoredFields | undefined): FieldSet {
  if (!ignored) return set;
  if (ignored instanceof FieldSet || Array.isArray(ignored)) {
    const excluded = asSet(ignored as FieldSet | PathList);
    return excluded.isEmpty() || !reachesInto(set, excluded) ? set : set.recursiveDifference(excluded);
  }
  return onlyUnder(set, asSet((ignored as { readonly allBut: FieldSet | PathList }).allBut));
}

/**
 * Whether some path of `set` is a member of `excluded` or lies below one (what a recursive
 * difference would take away). Walks `excluded`, which is a few paths, not `set`: most writes
 * touch nothing they may not, and then the set need not be copied.
 */
function reachesInto(set: FieldSet, excluded: FieldSet): boolean {
  for (const pe of excluded.members) if (set.hasMember(pe) || set.child(pe)) return true;
  for (const { element, set: below } of excluded.children) {
    const mine = set.child(element);
    if (mine && reachesInto(mine, below)) return true;
  }
  return false;
}

/**
 * The members of `set` that lie on or below a path of `prefixes` (FilterIncludeMatches with a
 * prefix matcher): a member on the way to a prefix counts too, as upstream matches it.
 */
function onlyUnder(set: FieldSet, prefixes: FieldSet): FieldSet {
  const out = new FieldSet();
  for (const pe of set.members) if (prefixes.hasMember(pe) || prefixes.child(pe)) out.insertMember(pe);
  for (const { element, set: below } of set.children) {
    let kept: FieldSet | undefined;
    if (prefixes.hasMember(element)) kept = below;
    else {
      const deeper = prefixes.child(element);
      if (deeper) kept = onlyUnder(below, deeper);
    }
    if (kept) out.attach(element, kept.copy());
  }
  return out;
}
