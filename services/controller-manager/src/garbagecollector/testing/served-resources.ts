import type { DiscoveredResource } from '../../controller-utils/discover-resources.js';
import { deletableResources, GcResourceMap } from '../gc-resources.js';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const served = (group: string, version: string, resource: string, kind: string, namespaced: boolean, verbs = ALL): DiscoveredResource =>
  Object.freeze({ group, version, resource, kind, namespaced, verbs });

/** A sample of what discovery lists, for the garbage collector's tests: ordinary resources, the ignored events and a create-only review API. */
export const SERVED_RESOURCES: readonly DiscoveredResource[] = Object.freeze([
  served('', 'v1', 'namespaces', 'Namespace', false),
  served('', 'v1', 'nodes', 'Node', false),
  served('', 'v1', 'pods', 'Pod', true),
  served('', 'v1', 'configmaps', 'ConfigMap', true),
  served('', 'v1', 'events', 'Event', true),
  served('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  served('apps', 'v1', 'deployments', 'Deployment', true),
  served('events.k8s.io', 'v1', 'events', 'Event', true),
  served('authentication.k8s.io', 'v1', 'tokenreviews', 'TokenReview', false, ['create']),
]);

/** The garbage collector's map of {@link SERVED_RESOURCES}. */
export const servedGcResources = (): GcResourceMap => new GcResourceMap(deletableResources(SERVED_RESOURCES));
