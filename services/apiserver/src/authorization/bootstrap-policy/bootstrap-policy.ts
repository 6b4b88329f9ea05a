import { readFileSync } from 'node:fs';
import type { KubeObject } from '@kubeledger/api';
import YAML from 'yaml';

/** The items of a vendored `kind: List` file next to this module. */
function loadList(file: string): readonly KubeObject[] {
  const list = YAML.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { kind?: string; items?: KubeObject[] };
  if (list.kind !== 'List' || !Array.isArray(list.items)) throw new Error(`${file}: not a List of objects`);
  return list.items;
}

/**
 * Upstream's bootstrap ClusterRoles the apiserver creates at startup and reconciles (see README.md
 * for which, and where they come from). Shared data: clone an object before changing or writing it.
 */
export const BOOTSTRAP_CLUSTER_ROLES: readonly KubeObject[] = loadList('./cluster-roles.yaml');

/** Upstream's bootstrap ClusterRoleBindings (system:node has no subjects, as upstream creates it). */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly KubeObject[] = loadList('./cluster-role-bindings.yaml');
