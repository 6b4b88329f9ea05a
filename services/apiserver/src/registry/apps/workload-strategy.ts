import { isDeepStrictEqual } from 'node:util';
import { defaultStrategy } from '../default-strategy.js';
import type { ResourceDefinition } from '../resource-definition.js';
import type { ResourceStrategy } from '../strategy.js';
import { templateGenerationOnCreate, templateGenerationOnUpdate } from './daemonset-template-generation.js';
import { validateWorkload, validateWorkloadUpdate } from './validate-workload.js';
import { defaultWorkload } from './workload-defaults.js';

/**
 * Deployments, ReplicaSets, StatefulSets and DaemonSets (pkg/registry/apps/*): upstream's
 * defaults, spec validation and update rules; a Deployment's generation also moves with its
 * annotations, as upstream's deployment strategy does; a DaemonSet's template generation moves
 * with its template.
 */
export function workloadStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def);
  const kind = def.kind;
  return {
    ...base,
    prepareForCreate(object) {
      base.prepareForCreate(object);
      defaultWorkload(kind, object);
      if (kind === 'DaemonSet') templateGenerationOnCreate(object);
    },
    validate(object) {
      return [...base.validate(object), ...validateWorkload(kind, object)];
    },
    prepareForUpdate(object, old) {
      defaultWorkload(kind, object);
      base.prepareForUpdate(object, old);
      if (kind === 'DaemonSet') templateGenerationOnUpdate(object, old);
      if (kind === 'Deployment' && !isDeepStrictEqual(object.metadata?.['annotations'], old.metadata?.['annotations']) && isDeepStrictEqual(object['spec'], old['spec'])) {
        object.metadata = { ...object.metadata, generation: Number(old.metadata?.['generation'] ?? 1) + 1 };
      }
    },
    validateUpdate(object, old) {
      return [...base.validateUpdate(object, old), ...validateWorkload(kind, object), ...validateWorkloadUpdate(kind, object, old)];
    },
  };
}
