import { isStatusError, type KubeObject } from '@kubeledger/api';
import { beforeCreate, beforeUpdate } from '../before-write.js';
import type { ResourceDefinition } from '../resource-definition.js';
import { findResource } from '../resources.js';
import type { ResourceStrategy } from '../strategy.js';

/** A resource's strategy driven the way the generic store drives it (rest.BeforeCreate / BeforeUpdate), for unit tests. */
export function strategyHarness(group: string, resource: string, make: (def: ResourceDefinition) => ResourceStrategy) {
  const def = findResource(group, 'v1', resource)!;
  const strategy = make(def);
  return {
    def,
    strategy,
    create: (object: KubeObject, namespace = 'default') => beforeCreate(def, strategy, structuredClone(object), namespace),
    update: (object: KubeObject, old: KubeObject) => beforeUpdate(def, strategy, structuredClone(object), old),
    /** The message of the Status a create is refused with ('' when it is accepted). */
    createError: (object: KubeObject, namespace = 'default') => messageOf(() => beforeCreate(def, strategy, structuredClone(object), namespace)),
    updateError: (object: KubeObject, old: KubeObject) => messageOf(() => beforeUpdate(def, strategy, structuredClone(object), old)),
  };
}

function messageOf(run: () => unknown): string {
  try {
    run();
    return '';
  } catch (err) {
    if (isStatusError(err)) return err.message;
    throw err;
  }
}
