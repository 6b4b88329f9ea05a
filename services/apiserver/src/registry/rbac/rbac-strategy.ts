import type { KubeObject } from '@kubeledger/api';
import { RBAC_GROUP } from '../../authorization/rbac/rbac-types.js';
import { defaultStrategy } from '../default-strategy.js';
import type { ResourceDefinition } from '../resource-definition.js';
import type { ResourceStrategy } from '../strategy.js';
import { pathSegmentName } from '../validate-object-meta.js';
import { validateAggregationRule, validateBinding, validateRoleRefUnchanged, validateRules } from './validate-rbac.js';

/**
 * Roles and ClusterRoles (pkg/registry/rbac/{role,clusterrole}/strategy.go): names are path
 * segments, a PUT may create, and the rules (and a ClusterRole's aggregationRule) are validated as
 * upstream's ValidateRole / ValidateClusterRole do. Nothing is defaulted or dropped.
 */
export function roleStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def, { nameRule: pathSegmentName, allowCreateOnUpdate: true });
  const validateRole = (object: KubeObject) => [...validateRules(object, def.namespaced), ...(def.namespaced ? [] : validateAggregationRule(object))];
  return {
    ...base,
    validate: (object) => [...base.validate(object), ...validateRole(object)],
    validateUpdate: (object, old) => [...base.validateUpdate(object, old), ...validateRole(object)],
  };
}

/** rbac/v1 defaulting (SetDefaults_RoleBinding, SetDefaults_Subject): roleRef and User/Group subjects default to rbac.authorization.k8s.io. */
function setBindingDefaults(object: KubeObject): void {
  const roleRef = object['roleRef'];
  if (roleRef && typeof roleRef === 'object' && !(roleRef as { apiGroup?: unknown }).apiGroup) object['roleRef'] = { ...roleRef, apiGroup: RBAC_GROUP };
  if (!Array.isArray(object['subjects'])) return;
  object['subjects'] = (object['subjects'] as unknown[]).map((s) => {
    if (!s || typeof s !== 'object') return s;
    const subject = s as { kind?: unknown; apiGroup?: unknown };
    if (subject.apiGroup) return s;
    // A ServiceAccount's group is "", which the API leaves out.
    return subject.kind === 'User' || subject.kind === 'Group' ? { ...subject, apiGroup: RBAC_GROUP } : s;
  });
}

/**
 * RoleBindings and ClusterRoleBindings (pkg/registry/rbac/{rolebinding,clusterrolebinding}/strategy.go):
 * rbac/v1 defaults, path-segment names, PUT may create, ValidateRoleBinding /
 * ValidateClusterRoleBinding, and a roleRef that never changes.
 */
export function bindingStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def, { nameRule: pathSegmentName, allowCreateOnUpdate: true });
  return {
    ...base,
    prepareForCreate(object) {
      setBindingDefaults(object);
      base.prepareForCreate(object);
    },
    prepareForUpdate(object, old) {
      setBindingDefaults(object);
      base.prepareForUpdate(object, old);
    },
    validate: (object) => [...base.validate(object), ...validateBinding(object, def.namespaced)],
    validateUpdate: (object, old) => [...base.validateUpdate(object, old), ...validateBinding(object, def.namespaced), ...validateRoleRefUnchanged(object, old)],
  };
}
