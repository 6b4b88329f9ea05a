import { BUILTIN_TYPES, applyObject, updateManagedFields, type FieldManagerOptions, type KubeObject } from '@kubeledger/api';
import { groupVersion, hasStatusSubresource, type ResourceDefinition } from '../registry/resource-definition.js';
import type { WriteOptions as StoreWriteOptions } from '../registry/generic-store.js';
import type { WriteOptions } from './write-options.js';

/**
 * managedFields bookkeeping for one request (upstream's FieldManager as the handlers call it):
 * who writes, through which subresource, and which fields that path may not own — `status` on
 * the main resource of a kind with a status subresource, everything but `status` through
 * /status (upstream's ResetFields).
 */
export class RequestFieldManager {
  readonly #options: FieldManagerOptions;

  constructor(def: ResourceDefinition, subresource: string | undefined, options: WriteOptions) {
    const hasStatus = hasStatusSubresource(def);
    const ignored = subresource === 'status' ? { allBut: [['status']] } : hasStatus ? [['status']] : [];
    this.#options = {
      manager: options.fieldManager,
      apiVersion: groupVersion(def),
      ...(subresource && { subresource }),
      now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      ignored,
    };
  }

  /** What a create, update or non-apply patch passes to the store: its Update entry, against the live object. */
  get storeOptions(): Pick<StoreWriteOptions, 'manageFields'> {
    return { manageFields: (object, live) => updateManagedFields(BUILTIN_TYPES, live, object, this.#options) };
  }

  /** Server-side apply of `applied` onto `live` (undefined: the object does not exist yet). */
  apply(live: KubeObject | undefined, applied: KubeObject, force: boolean): KubeObject {
    return applyObject(BUILTIN_TYPES, live, applied, { ...this.#options, force });
  }
}
