import type { EventStore } from '@kubeledger/event-store';
import { defaultStrategy } from './default-strategy.js';
import { GenericStore, type CachedObjects } from './generic-store.js';
import { hasStatusSubresource, isStored, type ResourceDefinition } from './resource-definition.js';
import { RESOURCES } from './resources.js';
import type { ResourceStrategy } from './strategy.js';
import { statusStrategy } from './status-strategy.js';
import { NamespaceStore } from './core/namespaces/namespace-store.js';
import { namespaceFinalizeStrategy, namespaceStatusStrategy, namespaceStrategy, shouldDeleteNamespaceDuringUpdate } from './core/namespaces/namespace-strategy.js';
import { eventSelectableFields } from './core/events/event-fields.js';
import { workloadStrategy } from './apps/workload-strategy.js';
import { jobStrategy } from './batch/job-strategy.js';
import { jobStatusStrategy } from './batch/job-status-strategy.js';
import { pdbStrategy } from './policy/pdb-strategy.js';
import { configStrategy } from './core/config/config-strategy.js';
import { podStrategy } from './core/pods/pod-strategy.js';
import { ClusterIpAllocator } from './core/services/cluster-ip-allocator.js';
import { NodePortAllocator, parsePortRange } from './core/services/node-port-allocator.js';
import { serviceAllocationHooks } from './core/services/service-allocation.js';
import { serviceStrategy } from './core/services/service-strategy.js';
import { bindingStrategy, roleStrategy } from './rbac/rbac-strategy.js';
import { escalationHooks } from './rbac/escalation-hooks.js';
import type { EscalationDeps } from '../authorization/rbac/escalation.js';
import { RBAC_GROUP, type RbacResource } from '../authorization/rbac/rbac-types.js';

/** Per-resource strategies; a resource without an entry uses the default strategy. */
const STRATEGIES: Record<string, (def: ResourceDefinition) => ResourceStrategy> = {
  '/namespaces': namespaceStrategy,
  '/services': serviceStrategy,
  '/configmaps': configStrategy,
  '/secrets': configStrategy,
  'apps/deployments': workloadStrategy,
  'apps/replicasets': workloadStrategy,
  'apps/statefulsets': workloadStrategy,
  'apps/daemonsets': workloadStrategy,
  'batch/jobs': jobStrategy,
  'policy/poddisruptionbudgets': pdbStrategy,
  '/events': (def) => defaultStrategy(def, { selectableFields: eventSelectableFields }),
  '/pods': podStrategy,
  'rbac.authorization.k8s.io/roles': roleStrategy,
  'rbac.authorization.k8s.io/clusterroles': roleStrategy,
  'rbac.authorization.k8s.io/rolebindings': bindingStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': bindingStrategy,
};

/** What of metadata a status write may change, by resource (upstream's per-kind status strategies); else nothing. */
const STATUS_METADATA_FROM_REQUEST: Record<string, readonly ('annotations' | 'labels')[]> = {
  'apps/deployments': ['annotations'],
};

/** Per-resource additions to the status strategy (upstream's per-kind status validation). */
const STATUS_STRATEGIES: Record<string, (status: ResourceStrategy) => ResourceStrategy> = {
  'batch/jobs': jobStatusStrategy,
  '/namespaces': namespaceStatusStrategy,
};

/** Resources whose delete answers with the deleted object (upstream's ReturnDeletedObject), not a Status. */
const RETURN_DELETED_OBJECT = new Set(['/namespaces', '/pods', '/services', '/serviceaccounts']);

export interface RegistryOptions {
  /** RBAC escalation prevention for roles and bindings (the authorizer chain and RBAC's rules); unchecked when unset. */
  readonly escalation?: EscalationDeps;
  /** The service CIDR cluster IPs come from (KUBELEDGER_SERVICE_CIDR). */
  readonly serviceCidr?: string;
  /** The node port range, `first-last` (KUBELEDGER_SERVICE_NODE_PORT_RANGE). */
  readonly nodePortRange?: string;
  /** The watch cache's objects, which writes try before reading storage (GenericStore's `cached`); storage only when unset. */
  readonly cached?: CachedObjects;
}

/** A loopback range, so the proxy can listen on every ClusterIP on one machine without privileges (upstream's default is 10.96.0.0/12). */
export const DEFAULT_SERVICE_CIDR = '127.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

/** One generic store per served resource, found by group, version and resource. */
export class Registry {
  readonly #stores = new Map<string, GenericStore>();
  readonly #statusStores = new Map<string, GenericStore>();
  /** namespaces/finalize. */
  readonly #finalizeStores = new Map<string, GenericStore>();
  /** Cluster IPs of Services (the `kubernetes` Service's is this range's first address). */
  readonly clusterIps: ClusterIpAllocator;

  constructor(store: EventStore, resources: readonly ResourceDefinition[] = RESOURCES, options: RegistryOptions = {}) {
    // Whether a Service still holds a claimed value: what lets a claim left by a failed create be reclaimed.
    const holds = async (parent: { namespace: string; name: string }, value: string) => {
      const svc = (await store.get({ group: '', resource: 'services', namespace: parent.namespace, name: parent.name }))?.object;
      const spec = (svc?.['spec'] ?? {}) as { clusterIPs?: string[]; ports?: Array<{ nodePort?: number }> };
      return (spec.clusterIPs ?? []).includes(value) || (spec.ports ?? []).some((p) => String(p.nodePort) === value);
    };
    this.clusterIps = new ClusterIpAllocator(store, options.serviceCidr ?? DEFAULT_SERVICE_CIDR, holds);
    const nodePorts = new NodePortAllocator(store, parsePortRange(options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE), holds);
    const cached = options.cached ? { cached: options.cached } : {};
    for (const def of resources.filter(isStored)) {
      const id = `${def.group}/${def.resource}`;
      const strategy = (STRATEGIES[id] ?? ((d: ResourceDefinition) => defaultStrategy(d)))(def);
      const key = `${def.group}/${def.version}/${def.resource}`;
      if (id === '/namespaces') {
        const nsOptions = { returnDeletedObject: true, shouldDeleteDuringUpdate: shouldDeleteNamespaceDuringUpdate, ...cached };
        this.#stores.set(key, new NamespaceStore(def, strategy, store, nsOptions));
        this.#finalizeStores.set(key, new GenericStore(def, namespaceFinalizeStrategy(strategy), store, nsOptions));
      } else {
        this.#stores.set(key, new GenericStore(def, strategy, store, {
          ...cached,
          returnDeletedObject: RETURN_DELETED_OBJECT.has(id),
          ...(id === '/services' && { hooks: serviceAllocationHooks(this.clusterIps, nodePorts) }),
          ...(def.group === RBAC_GROUP && options.escalation && { hooks: escalationHooks(def.resource as RbacResource, options.escalation) }),
        }));
      }
      const status = (s: ResourceStrategy) => (STATUS_STRATEGIES[id] ?? ((x: ResourceStrategy) => x))(s);
      if (hasStatusSubresource(def)) this.#statusStores.set(key, new GenericStore(def, status(statusStrategy(strategy, STATUS_METADATA_FROM_REQUEST[`${def.group}/${def.resource}`])), store, cached));
    }
  }

  find(group: string, version: string, resource: string): GenericStore | undefined {
    return this.#stores.get(`${group}/${version}/${resource}`);
  }

  /** The store behind `<resource>/status`, for resources that have one. */
  findStatus(group: string, version: string, resource: string): GenericStore | undefined {
    return this.#statusStores.get(`${group}/${version}/${resource}`);
  }

  /** The store behind `namespaces/finalize` (upstream's FinalizeREST): undefined for every other resource. */
  findFinalize(group: string, version: string, resource: string): GenericStore | undefined {
    return this.#finalizeStores.get(`${group}/${version}/${resource}`);
  }
}
