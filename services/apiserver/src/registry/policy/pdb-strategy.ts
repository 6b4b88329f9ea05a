import { defaultStrategy } from '../default-strategy.js';
import type { ResourceDefinition } from '../resource-definition.js';
import type { ResourceStrategy } from '../strategy.js';
import { validatePdbSpec, validatePdbStatus } from './validate-pdb.js';

/**
 * PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget/strategy.go): the default
 * spec/status split (status only through `/status`, generation moves with spec) and upstream's
 * spec validation on create and update; a status write (whose spec is the stored one) has its
 * counts checked too.
 */
export function pdbStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def);
  return {
    ...base,
    validate(pdb) {
      return [...base.validate(pdb), ...validatePdbSpec(pdb)];
    },
    validateUpdate(pdb, old) {
      return [...base.validateUpdate(pdb, old), ...validatePdbSpec(pdb), ...validatePdbStatus(pdb)];
    },
  };
}
