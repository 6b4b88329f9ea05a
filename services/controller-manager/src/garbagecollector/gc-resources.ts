import type { ResourceRef } from '@kubeledger/client';

/** A resource the garbage collector watches: its REST coordinates and the kind owner references name it by. */
export interface GcResource extends ResourceRef {
  readonly kind: string;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
}

const gc = (group: string, version: string, resource: string, kind: string, namespaced: boolean): GcResource =>
  Object.freeze({ group, version, resource, kind, namespaced, apiVersion: group ? `${group}/${version}` : version });

/**
 * Every resource the apiserver serves with list, watch and delete (services/apiserver
 * registry/resources.ts), as upstream's `GetDeletableResources` finds them by discovery, less the
 * ones upstream's garbage collector ignores by default (`events` and `events.k8s.io/events`) and
 * the virtual review APIs. A static table: this apiserver's resources do not change at run time.
 */
export const GC_RESOURCES: readonly GcResource[] = Object.freeze([
  gc('', 'v1', 'namespaces', 'Namespace', false),
  gc('', 'v1', 'nodes', 'Node', false),
  gc('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  gc('', 'v1', 'pods', 'Pod', true),
  gc('', 'v1', 'services', 'Service', true),
  gc('', 'v1', 'endpoints', 'Endpoints', true),
  gc('', 'v1', 'configmaps', 'ConfigMap', true),
  gc('', 'v1', 'secrets', 'Secret', true),
  gc('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  gc('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  gc('', 'v1', 'replicationcontrollers', 'ReplicationController', true),
  gc('apps', 'v1', 'deployments', 'Deployment', true),
  gc('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  gc('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  gc('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  gc('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  gc('batch', 'v1', 'jobs', 'Job', true),
  gc('batch', 'v1', 'cronjobs', 'CronJob', true),
  gc('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  gc('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  gc('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true),
  gc('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  gc('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  gc('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  gc('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  gc('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
]);

/** The group of an apiVersion: `apps/v1` → `apps`, `v1` → `''`. */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

const byGroupKind = new Map(GC_RESOURCES.map((r) => [`${r.group}/${r.kind}`, r]));

/**
 * The watched resource an owner reference's apiVersion and kind name (upstream's REST mapping of
 * the reference), by group and kind: any version of a served kind maps to the served version
 * (the owner is looked up by name and compared by uid, which no version changes). Undefined for a
 * kind this cluster does not serve (or the garbage collector does not watch): such references are
 * left alone.
 */
export function resourceForKind(apiVersion: string, kind: string): GcResource | undefined {
  return byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
}
