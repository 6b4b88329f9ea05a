import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { hasStatusSubresource, type ResourceDefinition } from './resource-definition.js';
import type { ResourceStrategy } from './strategy.js';
import { dnsSubdomainName, validateObjectMeta, type NameRule } from './validate-object-meta.js';

export interface DefaultStrategyOptions {
  readonly nameRule?: NameRule;
  readonly allowCreateOnUpdate?: boolean;
  readonly nodeName?: (object: KubeObject) => string | undefined;
  readonly selectableFields?: (object: KubeObject) => Record<string, string>;
}

/**
 * The strategy most built-ins share: generation starts at 1 and moves with spec; for kinds with a
 * status subresource, status is dropped on create and kept from the stored object on update (it
 * is written through /status). Resources add their own rules by wrapping it.
 */
export function defaultStrategy(def: ResourceDefinition, options: DefaultStrategyOptions = {}): ResourceStrategy {
  const hasStatus = hasStatusSubresource(def);
  const nameRule = options.nameRule ?? dnsSubdomainName;
  return {
    allowCreateOnUpdate: options.allowCreateOnUpdate ?? false,
    allowUnconditionalUpdate: true,
    ...(options.nodeName && { nodeName: options.nodeName }),
    ...(options.selectableFields && { selectableFields: options.selectableFields }),
    prepareForCreate(object) {
      if (hasStatus) delete object['status'];
      if ('spec' in object) object.metadata = { ...object.metadata, generation: 1 };
    },
    validate(object) {
      return validateObjectMeta(object, nameRule);
    },
    prepareForUpdate(object, old) {
      if (hasStatus) {
        if (old['status'] === undefined) delete object['status'];
        else object['status'] = old['status'];
      }
      if ('spec' in object || 'spec' in old) {
        const generation = Number(old.metadata?.['generation'] ?? 1);
        // Key order is not meaning: stored objects come back from jsonb with their keys reordered.
        const changed = !isDeepStrictEqual(object['spec'], old['spec']);
        object.metadata = { ...object.metadata, generation: changed ? generation + 1 : generation };
      }
    },
    validateUpdate(object) {
      return validateObjectMeta(object, nameRule);
    },
  };
}
