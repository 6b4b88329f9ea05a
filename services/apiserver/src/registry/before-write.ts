import { randomInt, randomUUID } from 'node:crypto';
import { badRequest, invalid, rfc3339, type FieldError, type KubeObject } from '@kubeledger/api';
import { groupVersion, type ResourceDefinition } from './resource-definition.js';
import type { ResourceStrategy } from './strategy.js';
import { validateObjectMetaUpdate } from './validate-object-meta.js';

/** utilrand.String's alphabet: no vowels (no words), no 0/1/3 (no look-alikes). */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generatedName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
  return base + suffix;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export const nowTimestamp = (): string => rfc3339();

/**
 * rest.BeforeCreate: the namespace must match the request's, the server sets identity and time,
 * the strategy prepares, and the result is validated (422 with every field error).
 */
export function beforeCreate(def: ResourceDefinition, strategy: ResourceStrategy, object: KubeObject, namespace: string): KubeObject {
  const metadata = { ...object.metadata };
  if (def.namespaced) {
    if (metadata.namespace && metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    metadata.namespace = namespace;
  } else {
    delete metadata.namespace;
  }
  delete metadata['deletionTimestamp'];
  delete metadata['deletionGracePeriodSeconds'];
  delete metadata['selfLink'];
  delete metadata.resourceVersion;
  // FillObjectMetaSystemFields and the generated name come first, as upstream's Store.Create: strategies may use them (jobs label pods with their uid).
  if (!metadata.name && typeof metadata['generateName'] === 'string' && metadata['generateName']) metadata.name = generatedName(metadata['generateName']);
  metadata.uid = randomUUID();
  metadata['creationTimestamp'] = nowTimestamp();
  const prepared: KubeObject = { ...object, apiVersion: groupVersion(def), kind: def.kind, metadata };
  strategy.prepareForCreate(prepared);
  const meta = prepared.metadata!;
  throwInvalid(def, meta.name ?? '', strategy.validate(prepared));
  return prepared;
}

/** rest.BeforeUpdate: what no update may change comes from the stored object; then the strategy and validation. */
export function beforeUpdate(def: ResourceDefinition, strategy: ResourceStrategy, object: KubeObject, old: KubeObject): KubeObject {
  const oldMeta = old.metadata ?? {};
  const metadata = { ...object.metadata };
  if (def.namespaced && metadata.namespace === undefined) metadata.namespace = oldMeta.namespace;
  if (!def.namespaced) delete metadata.namespace;
  metadata['generation'] = oldMeta['generation'];
  if (!metadata.uid) metadata.uid = oldMeta.uid;
  if (oldMeta['creationTimestamp']) metadata['creationTimestamp'] = oldMeta['creationTimestamp'];
  // An update can never remove or change a deletion timestamp or grace period (rest.BeforeUpdate);
  // setting one where there was none is refused by validation as an immutable field.
  if (oldMeta['deletionTimestamp'] !== undefined) metadata['deletionTimestamp'] = oldMeta['deletionTimestamp'];
  if (oldMeta['deletionGracePeriodSeconds'] !== undefined && metadata['deletionGracePeriodSeconds'] === undefined) {
    metadata['deletionGracePeriodSeconds'] = oldMeta['deletionGracePeriodSeconds'];
  }
  delete metadata['selfLink'];
  const prepared: KubeObject = { ...object, apiVersion: groupVersion(def), kind: def.kind, metadata };
  strategy.prepareForUpdate(prepared, old);
  throwInvalid(def, metadata.name ?? '', [...validateObjectMetaUpdate(prepared, old), ...strategy.validateUpdate(prepared, old)]);
  return prepared;
}

function throwInvalid(def: ResourceDefinition, name: string, errors: FieldError[]): void {
  if (errors.length) throw invalid({ group: def.group, kind: def.kind }, name, errors);
}
