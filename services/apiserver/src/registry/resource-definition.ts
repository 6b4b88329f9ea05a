import type { z } from 'zod';

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
export type Verb = (typeof ALL_VERBS)[number];

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface SubresourceDefinition {
  readonly name: string;
  /** What the subresource takes and returns (e.g. autoscaling/v1 Scale for `scale`). */
  readonly kind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

/** One served resource: the entry in the resource table that routes, discovery and validation read. */
export interface ResourceDefinition {
  readonly group: string;
  readonly version: string;
  /** Plural, lower case: `pods`. */
  readonly resource: string;
  readonly kind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources?: readonly SubresourceDefinition[];
  /** The generated schema of the kind (libs/api generated/schemas). */
  readonly schema: z.ZodType;
  /**
   * Create-only and never stored: the review APIs (TokenReview, SubjectAccessReview, …), answered
   * by their own handler from what the server knows. No store, no watch; discovery and OpenAPI
   * list them like the others.
   */
  readonly virtual?: true;
}

/** Whether the resource has a `status` subresource (its main resource then leaves status alone). */
export const hasStatusSubresource = (r: ResourceDefinition): boolean => r.subresources?.some((s) => s.name === 'status') ?? false;

/** The resources kept in the event store (every entry but the virtual ones). */
export const isStored = (r: ResourceDefinition): boolean => r.virtual !== true;

export const groupVersion = (r: { group: string; version: string }): string => (r.group ? `${r.group}/${r.version}` : r.version);
