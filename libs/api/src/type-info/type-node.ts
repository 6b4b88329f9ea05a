/**
 * How a value of a built-in type merges: what strategic merge patch and server-side apply need to
 * know about it, read from the OpenAPI extensions of the vendored document (see
 * scripts/generate-type-info.ts). Lists and maps follow structured-merge-diff's reading of the
 * extensions (kube-openapi `schemaconv`): `x-kubernetes-list-type` when given, else a
 * `merge` patch strategy makes a list associative (keyed by the merge key, or a set without one),
 * else it is atomic.
 */
export type TypeNode = ScalarNode | StructNode | MapNode | ListNode | UntypedNode;

/** The strategic-merge-patch extensions of the field that holds the value (absent on list items and map values). */
interface PatchExtensions {
  /** `x-kubernetes-patch-strategy` as written: `merge`, `replace`, `retainKeys` or `merge,retainKeys`. */
  readonly patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key` */
  readonly patchMergeKey?: string;
}

/** A string, number, boolean, or a type whose JSON form is one (Time, Quantity, IntOrString). */
export interface ScalarNode extends PatchExtensions {
  readonly kind: 'scalar';
}

/** An object with named fields: the fields are the definition's (`TypeRegistry.fields`). */
export interface StructNode extends PatchExtensions {
  readonly kind: 'struct';
  /** The OpenAPI definition, e.g. `io.k8s.api.core.v1.PodSpec`. */
  readonly name: string;
  /** `x-kubernetes-map-type: atomic` on the field (the definition may say so too). */
  readonly atomic?: boolean;
}

/** An object whose keys are free (labels, annotations, resource lists). */
export interface MapNode extends PatchExtensions {
  readonly kind: 'map';
  readonly values: TypeNode;
  /** `x-kubernetes-map-type: atomic`: replaced as a whole. */
  readonly atomic?: boolean;
}

export interface ListNode extends PatchExtensions {
  readonly kind: 'list';
  readonly items: TypeNode;
  /** `atomic`: replaced as a whole; `set`: scalars, each its own element; `map`: elements named by `keys`. */
  readonly listType: 'atomic' | 'set' | 'map';
  /** The key fields of a `map` list, e.g. `['containerPort', 'protocol']`. */
  readonly keys?: readonly string[];
}

/** Any JSON (RawExtension, FieldsV1): merged as a whole. */
export interface UntypedNode extends PatchExtensions {
  readonly kind: 'untyped';
}

export interface StructDefinition {
  readonly fields: Readonly<Record<string, TypeNode>>;
  /** `x-kubernetes-map-type: atomic` on the definition (e.g. ObjectReference): replaced as a whole. */
  readonly atomic?: boolean;
}

/** The data the generator writes: every definition, and which definition each group/version/kind is. */
export interface TypeInfoData {
  readonly definitions: Readonly<Record<string, StructDefinition>>;
  /** `<group>/<version>/<Kind>` (group '' for the core group) → definition name. */
  readonly kinds: Readonly<Record<string, string>>;
}
