import type { KubeObject } from '@kubeledger/api';
import { roleRefOf, subjectsOf } from '../authorization/rbac/rbac-types.js';
import { FIELD_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, type Printer } from './printer.js';

// The roleRef field documentation of rbac/v1 RoleBinding and ClusterRoleBinding (libs/api/openapi/swagger.json).
const ROLE_BINDING_ROLE_REF = 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.';
const CLUSTER_ROLE_BINDING_ROLE_REF = 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.';

/** rbac.SubjectsStrings: users, groups, and service accounts as `namespace/name`. */
function subjectsStrings(binding: KubeObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of subjectsOf(binding)) {
    if (s.kind === 'ServiceAccount') out.serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') out.users.push(s.name);
    else if (s.kind === 'Group') out.groups.push(s.name);
  }
  return out;
}

/** RoleBindings and ClusterRoleBindings: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS (upstream's printRoleBinding). */
function bindingPrinter(roleRefDoc: string, kind: string): Printer {
  return {
    columns: [
      column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
      column('Role', 'string', roleRefDoc),
      column('Age', 'string', FIELD_DOCS.creationTimestamp),
      column('Users', 'string', `Users in the ${kind}`, { wide: true }),
      column('Groups', 'string', `Groups in the ${kind}`, { wide: true }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, { wide: true }),
    ],
    row(binding, now) {
      const roleRef = roleRefOf(binding);
      const { users, groups, serviceAccounts } = subjectsStrings(binding);
      return {
        cells: [binding.metadata?.name ?? '', `${roleRef.kind}/${roleRef.name}`, timeSince(binding.metadata?.['creationTimestamp'] as string | undefined, now), users.join(', '), groups.join(', '), serviceAccounts.join(', ')],
      };
    },
  };
}

export const roleBindingPrinter = bindingPrinter(ROLE_BINDING_ROLE_REF, 'roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter(CLUSTER_ROLE_BINDING_ROLE_REF, 'clusterRoleBinding');
