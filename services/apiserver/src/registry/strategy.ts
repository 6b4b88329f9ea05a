import type { FieldError, KubeObject } from '@kubeledger/api';

/**
 * What makes one resource behave as upstream's does (RESTCreateStrategy/RESTUpdateStrategy):
 * the generic store calls these in a fixed order (see before-write.ts). `validate*` never mutate.
 */
export interface ResourceStrategy {
  /** Clears what a client may not set on create (status, for kinds with a status subresource) and sets defaults. */
  prepareForCreate(object: KubeObject): void;
  validate(object: KubeObject): FieldError[];
  /** Keeps what an update of the main resource may not change (status) and bumps generation on spec changes. */
  prepareForUpdate(object: KubeObject, old: KubeObject): void;
  validateUpdate(object: KubeObject, old: KubeObject): FieldError[];
  /** PUT of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is accepted (true for most built-ins; helm relies on it). */
  readonly allowUnconditionalUpdate: boolean;
  /** The node an object is routed to on the bus (pods: spec.nodeName). */
  nodeName?(object: KubeObject): string | undefined;
  /** Fields a field selector may name beyond metadata.name and metadata.namespace (upstream's GetAttrs). */
  selectableFields?(object: KubeObject): Record<string, string>;
  /**
   * Resources deleted gracefully (pods; upstream's CheckGracefulDelete): the grace period, in
   * seconds, a delete gives the object, from the requested one (undefined when none was asked).
   */
  gracePeriod?(object: KubeObject, requested: number | undefined): number;
}
