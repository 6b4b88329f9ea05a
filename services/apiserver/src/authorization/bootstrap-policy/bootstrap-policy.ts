import { readFileSync } from 'node:fs';
import type { KubeObject } from '@kubeledger/api';
import YAML from 'yaml';
import type { PolicyRule } from '../rbac/rbac-types.js';

/** The items of a vendored `kind: List` file next to this module. */
function loadList(file: string): readonly KubeObject[] {
  const list = YAML.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { kind?: string; items?: KubeObject[] };
  if (list.kind !== 'List' || !Array.isArray(list.items)) throw new Error(`${file}: not a List of objects`);
  return list.items;
}

/** Upstream's `system:controller:<name>` roles for the controllers kubeledger's controller-manager runs (controller-roles.yaml). */
export const CONTROLLER_CLUSTER_ROLES: readonly KubeObject[] = loadList('./controller-roles.yaml');

/**
 * kubeledger's bindings of those roles to the user `system:kube-controller-manager` (upstream binds
 * them to per-controller ServiceAccounts; see README.md, "Deviation").
 */
export const CONTROLLER_MANAGER_ROLE_BINDINGS: readonly KubeObject[] = loadList('./controller-manager-role-bindings.yaml');

/** kubeledger's binding of upstream's `system:kubelet-api-admin` to the user the apiserver is to kubelets (see README.md). */
export const KUBELET_CLIENT_ROLE_BINDINGS: readonly KubeObject[] = loadList('./kubelet-client-role-bindings.yaml');

/**
 * Upstream's bootstrap ClusterRoles the apiserver creates at startup and reconciles (see README.md
 * for which, and where they come from), plus the controller roles. Shared data: clone an object
 * before changing or writing it.
 */
export const BOOTSTRAP_CLUSTER_ROLES: readonly KubeObject[] = [...loadList('./cluster-roles.yaml'), ...CONTROLLER_CLUSTER_ROLES];

/** Upstream's bootstrap ClusterRoleBindings (system:node has no subjects, as upstream creates it), plus the controller-manager's and the apiserver's kubelet client's. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly KubeObject[] = [...loadList('./cluster-role-bindings.yaml'), ...CONTROLLER_MANAGER_ROLE_BINDINGS, ...KUBELET_CLIENT_ROLE_BINDINGS];

/** The rules of upstream's `system:node` ClusterRole: what the Node authorizer grants every kubelet beyond its graph (upstream's NodeRules). */
export const NODE_RULES: readonly PolicyRule[] = (BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata?.name === 'system:node')?.['rules'] ?? []) as readonly PolicyRule[];
