import type { KubeObject } from '@kubeledger/api';
import type { ResourceStrategy } from './strategy.js';

/** What a status write may not change of metadata (metav1.ResetObjectMetaForStatus). */
const METADATA_KEPT_ON_STATUS = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'generation'] as const;

/**
 * The strategy of the `status` subresource: a write there changes `status` only — everything else
 * comes from the stored object, as upstream's status strategies do — and never creates.
 * `metadataFromRequest` names what of metadata the write may change besides (upstream's
 * Deployment status strategy keeps the annotations it is sent: the controller writes the
 * revision annotation with the status, which changes no generation).
 */
export function statusStrategy(base: ResourceStrategy, metadataFromRequest: readonly (typeof METADATA_KEPT_ON_STATUS)[number][] = []): ResourceStrategy {
  return {
    ...base,
    allowCreateOnUpdate: false,
    prepareForUpdate(object: KubeObject, old: KubeObject) {
      const status = object['status'];
      for (const key of Object.keys(object)) if (key !== 'metadata' && key !== 'apiVersion' && key !== 'kind') delete object[key];
      for (const [key, value] of Object.entries(old)) if (key !== 'metadata' && key !== 'status' && key !== 'apiVersion' && key !== 'kind') object[key] = value;
      if (status !== undefined) object['status'] = status;
      const metadata: Record<string, unknown> = { ...object.metadata };
      for (const field of METADATA_KEPT_ON_STATUS) {
        if (metadataFromRequest.includes(field)) continue;
        if (old.metadata?.[field] === undefined) delete metadata[field];
        else metadata[field] = old.metadata[field];
      }
      object.metadata = metadata;
    },
  };
}
