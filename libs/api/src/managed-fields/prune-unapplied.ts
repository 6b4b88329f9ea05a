import type { TypeRegistry } from '../type-info/type-registry.js';
import { ensureNamedFieldsAreMembers } from './ensure-named-fields.js';
import type { FieldSet } from './field-set.js';
import { fieldSetOf } from './field-set-of.js';
import { removeFields } from './remove-fields.js';
import type { SchemaNode } from './schema-node.js';

/**
 * Removes from a merged object what its applier applied last time and no longer applies, unless
 * someone still owns it (Updater.prune): a field, list item or map entry goes iff it is in the
 * applier's previous Apply set, is not in its new one, and no other manager (Apply or Update)
 * owns it. `owned` is the union of every manager's set, the applier's new one included.
 *
 * As upstream, in three steps: remove everything previously applied (structs whose fields were
 * owned count as owned themselves); add back what anyone owns; then add back what the removal
 * took that was never in the previous set (dangling contents of removed structs or items).
 */
export function pruneUnapplied(merged: unknown, previous: FieldSet | undefined, owned: FieldSet, type: SchemaNode, registry: TypeRegistry): unknown {
  if (!previous || previous.isEmpty()) return merged;
  const ensure = (set: FieldSet) => ensureNamedFieldsAreMembers(set, type, registry);
  const mergedSet = ensure(fieldSetOf(merged, type, registry));

  const removedAll = removeFields(merged, ensure(previous), type, registry);
  const ownedBack = removeFields(merged, mergedSet.difference(ensure(fieldSetOf(removedAll, type, registry)).union(ensure(owned))), type, registry);
  const prunedSet = ensure(fieldSetOf(ownedBack, type, registry));
  return removeFields(merged, mergedSet.difference(prunedSet).intersection(ensure(previous)), type, registry);
}
