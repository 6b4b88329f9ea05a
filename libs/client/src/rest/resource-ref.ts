/** A served resource (client-go's GroupVersionResource plus its scope): everything a REST path needs. */
export interface ResourceRef {
  /** `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** The plural, lower-case name in URLs: `pods`, `endpointslices`. */
  readonly resource: string;
  readonly namespaced: boolean;
}

const ref = (group: string, version: string, resource: string, namespaced: boolean): ResourceRef => Object.freeze({ group, version, resource, namespaced });

export const PODS = ref('', 'v1', 'pods', true);
export const NODES = ref('', 'v1', 'nodes', false);
export const NAMESPACES = ref('', 'v1', 'namespaces', false);
export const SERVICES = ref('', 'v1', 'services', true);
export const ENDPOINTS = ref('', 'v1', 'endpoints', true);
export const CONFIGMAPS = ref('', 'v1', 'configmaps', true);
export const SECRETS = ref('', 'v1', 'secrets', true);
export const SERVICEACCOUNTS = ref('', 'v1', 'serviceaccounts', true);
/** core/v1 Events (what `kubectl describe` shows). */
export const EVENTS = ref('', 'v1', 'events', true);
/** events.k8s.io/v1 Events (what client-go's new event recorder writes). */
export const EVENTS_K8S_IO = ref('events.k8s.io', 'v1', 'events', true);
export const ENDPOINTSLICES = ref('discovery.k8s.io', 'v1', 'endpointslices', true);
export const LEASES = ref('coordination.k8s.io', 'v1', 'leases', true);
export const DEPLOYMENTS = ref('apps', 'v1', 'deployments', true);
export const REPLICASETS = ref('apps', 'v1', 'replicasets', true);
export const DAEMONSETS = ref('apps', 'v1', 'daemonsets', true);
export const CONTROLLERREVISIONS = ref('apps', 'v1', 'controllerrevisions', true);
export const JOBS = ref('batch', 'v1', 'jobs', true);
export const PODDISRUPTIONBUDGETS = ref('policy', 'v1', 'poddisruptionbudgets', true);

/** `pods`, `endpointslices.discovery.k8s.io`: how upstream names a resource in messages. */
export const refName = (r: ResourceRef): string => (r.group ? `${r.resource}.${r.group}` : r.resource);
