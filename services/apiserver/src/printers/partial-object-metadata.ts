import type { KubeObject, ObjectMeta } from '@kubeledger/api';

/** The meta.k8s.io versions that carry Table and PartialObjectMetadata. */
export type MetaApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

export interface PartialObjectMetadata {
  readonly kind: 'PartialObjectMetadata';
  readonly apiVersion: MetaApiVersion;
  readonly metadata: ObjectMeta;
}

/** Only the object's metadata, as upstream's meta.AsPartialObjectMetadata (what tables carry by default). */
export function asPartialObjectMetadata(object: KubeObject, apiVersion: MetaApiVersion): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: object.metadata ?? {} };
}
