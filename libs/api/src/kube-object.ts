/** The part of every Kubernetes object the storage layer reads. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A copy of `object` whose `metadata.resourceVersion` is `revision` (rendered as a decimal string). */
export function withResourceVersion<T extends KubeObject>(object: T, revision: number): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

/** A copy of `object` without `metadata.resourceVersion`: the store keeps the revision beside the object. */
export function withoutResourceVersion<T extends KubeObject>(object: T): T {
  if (object.metadata?.resourceVersion === undefined) return object;
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}
