import { schemas } from '@kubeledger/api';
import { ALL_VERBS, type ResourceDefinition, type SubresourceDefinition, type Verb } from './resource-definition.js';

const STATUS_VERBS: readonly Verb[] = ['get', 'patch', 'update'];
const status = (group: string, version: string, kind: string): SubresourceDefinition => ({ name: 'status', kind: { group, version, kind }, verbs: STATUS_VERBS });
const scale: SubresourceDefinition = { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: STATUS_VERBS };

/**
 * Every served resource (the equivalent of upstream's VersionedResourcesStorageMap). Names,
 * short names, categories and subresources are upstream's, as its discovery documents list them.
 */
export const RESOURCES: readonly ResourceDefinition[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], subresources: [status('', 'v1', 'Namespace'), { name: 'finalize', kind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['update'] }], schema: schemas.core_v1_Namespace },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, verbs: ALL_VERBS, shortNames: ['po'], categories: ['all'], subresources: [{ name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] }, { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] }, { name: 'log', kind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] }, status('', 'v1', 'Pod')], schema: schemas.core_v1_Pod },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, verbs: ALL_VERBS, shortNames: ['no'], subresources: [status('', 'v1', 'Node')], schema: schemas.core_v1_Node },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', singular: 'service', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['svc'], categories: ['all'], subresources: [status('', 'v1', 'Service')], schema: schemas.core_v1_Service },
  { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', namespaced: true, verbs: ALL_VERBS, shortNames: ['ep'], schema: schemas.core_v1_Endpoints },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', namespaced: true, verbs: ALL_VERBS, shortNames: ['cm'], schema: schemas.core_v1_ConfigMap },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', singular: 'secret', namespaced: true, verbs: ALL_VERBS, schema: schemas.core_v1_Secret },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount', namespaced: true, verbs: ALL_VERBS, shortNames: ['sa'], subresources: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }], schema: schemas.core_v1_ServiceAccount },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', singular: 'persistentvolumeclaim', namespaced: true, verbs: ALL_VERBS, shortNames: ['pvc'], subresources: [status('', 'v1', 'PersistentVolumeClaim')], schema: schemas.core_v1_PersistentVolumeClaim },
  { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', singular: 'persistentvolume', namespaced: false, verbs: ALL_VERBS, shortNames: ['pv'], subresources: [status('', 'v1', 'PersistentVolume')], schema: schemas.core_v1_PersistentVolume },
  { group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', singular: 'replicationcontroller', namespaced: true, verbs: ALL_VERBS, shortNames: ['rc'], categories: ['all'], subresources: [scale, status('', 'v1', 'ReplicationController')], schema: schemas.core_v1_ReplicationController },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, verbs: ALL_VERBS, shortNames: ['ev'], schema: schemas.core_v1_Event },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', singular: 'controllerrevision', namespaced: true, verbs: ALL_VERBS, schema: schemas.apps_v1_ControllerRevision },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true, verbs: ALL_VERBS, shortNames: ['deploy'], categories: ['all'], subresources: [scale, status('apps', 'v1', 'Deployment')], schema: schemas.apps_v1_Deployment },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true, verbs: ALL_VERBS, shortNames: ['rs'], categories: ['all'], subresources: [scale, status('apps', 'v1', 'ReplicaSet')], schema: schemas.apps_v1_ReplicaSet },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true, verbs: ALL_VERBS, shortNames: ['ds'], categories: ['all'], subresources: [status('apps', 'v1', 'DaemonSet')], schema: schemas.apps_v1_DaemonSet },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset', namespaced: true, verbs: ALL_VERBS, shortNames: ['sts'], categories: ['all'], subresources: [scale, status('apps', 'v1', 'StatefulSet')], schema: schemas.apps_v1_StatefulSet },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', singular: 'job', namespaced: true, verbs: ALL_VERBS, categories: ['all'], subresources: [status('batch', 'v1', 'Job')], schema: schemas.batch_v1_Job },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', singular: 'cronjob', namespaced: true, verbs: ALL_VERBS, shortNames: ['cj'], categories: ['all'], subresources: [status('batch', 'v1', 'CronJob')], schema: schemas.batch_v1_CronJob },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', singular: 'lease', namespaced: true, verbs: ALL_VERBS, schema: schemas.coordination_v1_Lease },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', singular: 'endpointslice', namespaced: true, verbs: ALL_VERBS, schema: schemas.discovery_v1_EndpointSlice },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, verbs: ALL_VERBS, shortNames: ['ev'], schema: schemas.events_v1_Event },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', singular: 'ingress', namespaced: true, verbs: ALL_VERBS, shortNames: ['ing'], subresources: [status('networking.k8s.io', 'v1', 'Ingress')], schema: schemas.networking_v1_Ingress },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', singular: 'poddisruptionbudget', namespaced: true, verbs: ALL_VERBS, shortNames: ['pdb'], subresources: [status('policy', 'v1', 'PodDisruptionBudget')], schema: schemas.policy_v1_PodDisruptionBudget },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', singular: 'role', namespaced: true, verbs: ALL_VERBS, schema: schemas.rbac_v1_Role },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', singular: 'rolebinding', namespaced: true, verbs: ALL_VERBS, schema: schemas.rbac_v1_RoleBinding },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', singular: 'clusterrole', namespaced: false, verbs: ALL_VERBS, schema: schemas.rbac_v1_ClusterRole },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', singular: 'clusterrolebinding', namespaced: false, verbs: ALL_VERBS, schema: schemas.rbac_v1_ClusterRoleBinding },
  // The review APIs: virtual, create-only (authentication/review-handlers.ts answers them).
  { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', singular: 'selfsubjectreview', namespaced: false, verbs: ['create'], schema: schemas.authentication_v1_SelfSubjectReview, virtual: true },
  { group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews', kind: 'TokenReview', singular: 'tokenreview', namespaced: false, verbs: ['create'], schema: schemas.authentication_v1_TokenReview, virtual: true },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview', singular: 'localsubjectaccessreview', namespaced: true, verbs: ['create'], schema: schemas.authorization_v1_LocalSubjectAccessReview, virtual: true },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', singular: 'selfsubjectaccessreview', namespaced: false, verbs: ['create'], schema: schemas.authorization_v1_SelfSubjectAccessReview, virtual: true },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', singular: 'selfsubjectrulesreview', namespaced: false, verbs: ['create'], schema: schemas.authorization_v1_SelfSubjectRulesReview, virtual: true },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', singular: 'subjectaccessreview', namespaced: false, verbs: ['create'], schema: schemas.authorization_v1_SubjectAccessReview, virtual: true },
];

/** The resource a request names, if it is served (by `resources`, the served table by default). */
export function findResource(group: string, version: string, resource: string, resources: readonly ResourceDefinition[] = RESOURCES): ResourceDefinition | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.resource === resource);
}
