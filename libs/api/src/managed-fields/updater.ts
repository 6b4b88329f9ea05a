import type { TypeRegistry } from '../type-info/type-registry.js';
import type { FieldConflict } from './apply-conflict.js';
import { compareAsGoStructs, type Comparison } from './compare-objects.js';
import { FieldSet } from './field-set.js';
import { fieldSetOf } from './field-set-of.js';
import { withoutIgnored, type IgnoredFields } from './ignored-fields.js';
import { valuesEqual } from './json-values.js';
import { parseManagerIdentifier, type Managed } from './managed-fields-entry.js';
import { mergeApplied } from './merge-applied.js';
import { pruneUnapplied } from './prune-unapplied.js';
import { removeFields } from './remove-fields.js';
import type { SchemaNode } from './schema-node.js';
import { stripNeverOwned } from './strip-meta.js';

/** What the field manager works with for one request. */
export interface UpdaterContext {
  readonly registry: TypeRegistry;
  readonly type: SchemaNode;
  readonly apiVersion: string;
  readonly ignored: IgnoredFields | undefined;
  readonly now: string;
}

/** An apply would change fields other managers own. */
export class ConflictsError extends Error {
  override readonly name = 'ConflictsError';
  constructor(readonly conflicts: readonly FieldConflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
  }
}

/** Compares two objects as upstream does (as Go structs, see withGoZeroShape), minus what this write path ignores. */
function compareFiltered(ctx: UpdaterContext, live: unknown, next: unknown): Comparison {
  const c = compareAsGoStructs(live, next, ctx.type, ctx.registry);
  return { added: withoutIgnored(c.added, ctx.ignored), modified: withoutIgnored(c.modified, ctx.ignored), removed: withoutIgnored(c.removed, ctx.ignored) };
}

/** `set` minus `other`; `set` itself when there is nothing to take away (sets in Managed are never changed in place). */
function without(set: FieldSet, other: FieldSet | undefined): FieldSet {
  return other === undefined || other.isEmpty() ? set : set.difference(other);
}

/** What transferOwnership found: the comparison, and the fields added or modified (already without the ignored ones). */
interface Transfer {
  readonly comparison: Comparison;
  readonly changed: FieldSet;
}

/**
 * Moves ownership for a change from `live` to `next` made by `workflow` (Updater.update): every
 * other manager loses the fields the change adds, modifies or removes. Without `force`, fields
 * added or modified that others own are conflicts and nothing changes. Managers left with nothing
 * are dropped. Every manager's fields are compared at the request's version (no conversion).
 */
function transferOwnership(ctx: UpdaterContext, managed: Managed, live: unknown, next: unknown, workflow: string, force: boolean): Transfer {
  const comparison = compareFiltered(ctx, live, next);
  // (A create modifies nothing: then there is nothing to join, and the added set is not copied.)
  const changed = comparison.modified.isEmpty() ? comparison.added : comparison.modified.union(comparison.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, versioned] of managed.fields) {
    if (id === workflow) continue;
    const conflicting = versioned.set.intersection(changed);
    if (!conflicting.isEmpty()) conflicts.set(id, conflicting);
  }
  if (!force && conflicts.size > 0) {
    const list: FieldConflict[] = [];
    for (const id of [...conflicts.keys()].sort()) {
      const manager = { ...parseManagerIdentifier(id), apiVersion: managed.fields.get(id)!.apiVersion };
      for (const path of conflicts.get(id)!.paths()) list.push({ manager, path });
    }
    throw new ConflictsError(list);
  }
  for (const [id, versioned] of [...managed.fields]) {
    if (id === workflow) continue;
    const set = without(without(versioned.set, conflicts.get(id)), comparison.removed);
    if (set.isEmpty()) managed.fields.delete(id);
    else if (set !== versioned.set) managed.fields.set(id, { ...versioned, set });
  }
  return { comparison, changed };
}

/**
 * Records a non-apply write (Updater.Update behind managedFieldsUpdater and stripMetaManager):
 * the fields the change adds or modifies move to `manager`'s Update entry (merged with what it
 * owned), which then gets the request's time; fields it removes leave every owner. A write that
 * changes nothing ownable leaves the entries, and their times, alone.
 */
export function recordUpdate(ctx: UpdaterContext, managed: Managed, live: unknown, next: unknown, manager: string): void {
  const current = '\0current-operation';
  // (Ignored fields are out of `changed` already: withoutIgnored of what withoutIgnored left is the same set.)
  const changed = stripNeverOwned(transferOwnership(ctx, managed, live, next, current, true).changed);
  if (changed.isEmpty()) return;
  const previous = managed.fields.get(manager);
  managed.fields.set(manager, { set: previous ? changed.union(previous.set) : changed, apiVersion: ctx.apiVersion, applied: false });
  managed.times.set(manager, ctx.now);
}

/**
 * Merges an applied configuration (Updater.Apply behind managedFieldsUpdater and
 * stripMetaManager): the applier's entry becomes exactly what it applied; what it applied before
 * and no longer does is pruned unless someone else owns it; fields whose value changes and that
 * others own conflict (throws ConflictsError) unless `force`, which takes them. Answers the new
 * object, or undefined when the apply changes nothing (the entry's time then stays as it was).
 */
export function recordApply(ctx: UpdaterContext, managed: Managed, live: unknown, applied: unknown, manager: string, force: boolean): unknown {
  const appliedSet = fieldSetOf(applied, ctx.type, ctx.registry);
  const allowedSet = withoutIgnored(appliedSet, ctx.ignored);
  // Ignored fields are not merged at all (upstream's strategies reset them after the fact).
  const allowed = allowedSet.equals(appliedSet) ? applied : removeFields(applied, appliedSet.difference(allowedSet), ctx.type, ctx.registry);
  const merged = mergeApplied(live, allowed, ctx.type, ctx.registry) ?? {};
  const previous = managed.fields.get(manager);
  managed.fields.set(manager, { set: allowedSet, apiVersion: ctx.apiVersion, applied: true });
  let owned = new FieldSet();
  for (const versioned of managed.fields.values()) owned = owned.union(versioned.set);
  const next = pruneUnapplied(merged, previous?.set, owned, ctx.type, ctx.registry) ?? {};
  transferOwnership(ctx, managed, live, next, manager, force);
  const mine = stripNeverOwned(managed.fields.get(manager)!.set);
  if (mine.isEmpty()) managed.fields.delete(manager);
  else managed.fields.set(manager, { set: mine, apiVersion: ctx.apiVersion, applied: true });
  if (valuesEqual(live, next)) return undefined;
  managed.times.set(manager, ctx.now);
  return next;
}
