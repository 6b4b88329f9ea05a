import type { TypeRegistry } from '../type-info/type-registry.js';
import { FieldSet } from './field-set.js';
import type { PathElement } from './path-element.js';
import { DEDUCED, type SchemaNode } from './schema-node.js';

/**
 * The set plus, as members, the struct fields that have members below them
 * (Set.EnsureNamedFieldsAreMembers): `.spec.replicas` brings in `.spec`; keys of free-form maps
 * and list items with members below them are not brought in. Pruning works on such sets, so that
 * a struct the applier no longer applies at all goes as a whole.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: SchemaNode | undefined, registry: TypeRegistry): FieldSet {
  const out = new FieldSet();
  for (const pe of set.members) out.insertMember(pe);
  for (const { element, set: below } of set.children) {
    if (element.kind === 'field' && type?.kind === 'struct' && registry.field(type, element.name) !== undefined) out.insertMember(element);
    out.attach(element, ensureNamedFieldsAreMembers(below, childType(type, element, registry), registry));
  }
  return out;
}

function childType(type: SchemaNode | undefined, element: PathElement, registry: TypeRegistry): SchemaNode | undefined {
  if (!type) return undefined;
  if (element.kind === 'field') {
    if (type.kind === 'struct') return registry.field(type, element.name) ?? { kind: 'untyped' };
    if (type.kind === 'map') return type.values;
    if (type.kind === 'deduced') return DEDUCED;
    return undefined;
  }
  if (element.kind === 'key' && type.kind === 'list') return type.items;
  return undefined;
}
