import { TYPE_INFO } from '../generated/type-info.js';
import type { StructDefinition, StructNode, TypeInfoData, TypeNode } from './type-node.js';

/** Looks up the merge-relevant shape of types: built-in ones (`BUILTIN_TYPES`), or any given set (tests). */
export class TypeRegistry {
  readonly #data: TypeInfoData;

  constructor(data: TypeInfoData) {
    this.#data = data;
  }

  /** The root type of a kind, e.g. (`apps`, `v1`, `Deployment`); undefined when unknown. */
  kind(group: string, version: string, kind: string): StructNode | undefined {
    const name = this.#data.kinds[`${group}/${version}/${kind}`];
    return name === undefined ? undefined : { kind: 'struct', name };
  }

  /** The root type of an object with this apiVersion (`v1`, `apps/v1`) and kind. */
  kindOf(apiVersion: string, kind: string): StructNode | undefined {
    const slash = apiVersion.indexOf('/');
    return slash < 0 ? this.kind('', apiVersion, kind) : this.kind(apiVersion.slice(0, slash), apiVersion.slice(slash + 1), kind);
  }

  definition(name: string): StructDefinition | undefined {
    return this.#data.definitions[name];
  }

  /** The fields of a struct (none when its definition is unknown). */
  fields(node: StructNode): Readonly<Record<string, TypeNode>> {
    return this.#data.definitions[node.name]?.fields ?? {};
  }

  /** The type of one field of a struct, undefined when it has no such field. */
  field(node: StructNode, name: string): TypeNode | undefined {
    return this.fields(node)[name];
  }

  /** Whether a struct or map is replaced as a whole rather than merged field by field. */
  isAtomic(node: TypeNode): boolean {
    switch (node.kind) {
      case 'struct':
        return node.atomic === true || this.#data.definitions[node.name]?.atomic === true;
      case 'map':
        return node.atomic === true;
      case 'list':
        return node.listType === 'atomic';
      default:
        return true;
    }
  }
}

/** The built-in types of the served API groups. */
export const BUILTIN_TYPES = new TypeRegistry(TYPE_INFO);
