import type { TypeRegistry } from '../type-info/type-registry.js';
import { isJsonObject } from './json-values.js';
import { formatFieldPath, formatPathElement, serializePathElement, type PathElement } from './path-element.js';
import { listItemElement, walkOf, type SchemaNode } from './schema-node.js';
import { TypedValueError } from './typed-value-error.js';

/**
 * Checks an applied configuration the way upstream's conversion to a typed value does before an
 * apply (no duplicates allowed): every field of a struct must be declared by its schema, every
 * associative-list item must be nameable, and no key may repeat. Throws TypedValueError with
 * upstream's wording, e.g. `.spec.foo: field not declared in schema`.
 */
export function checkAppliedObject(value: unknown, type: SchemaNode, registry: TypeRegistry): void {
  check(registry, value, type, []);
}

function check(registry: TypeRegistry, value: unknown, type: SchemaNode, path: PathElement[]): void {
  const how = walkOf(registry, type, value);
  if (how.kind === 'leaf') return;
  if (how.kind === 'fields') {
    if (!isJsonObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const childPath = [...path, { kind: 'field', name: key } as const];
      if (how.structName !== undefined && !how.isDeclared(key)) throw new TypedValueError(`${formatFieldPath(childPath)}: field not declared in schema`);
      check(registry, child, how.childType(key), childPath);
    }
    return;
  }
  if (!Array.isArray(value)) return;
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const pe = listItemElement(how.list, item, path, i);
    const id = serializePathElement(pe);
    if (seen.has(id)) throw new TypedValueError(`${formatFieldPath(path)}: duplicate entries for key ${formatPathElement(pe)}`);
    seen.add(id);
    check(registry, item, how.items, [...path, pe]);
  });
}
