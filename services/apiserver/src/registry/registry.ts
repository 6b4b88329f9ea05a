import type { KubeObject } from '@kubeledger/api';
import type { EventStore } from '@kubeledger/event-store';
import { defaultStrategy } from './default-strategy.js';
import { GenericStore } from './generic-store.js';
import type { ResourceDefinition } from './resource-definition.js';
import { RESOURCES } from './resources.js';
import type { ResourceStrategy } from './strategy.js';
import { statusStrategy } from './status-strategy.js';
import { dnsLabelName } from './validate-object-meta.js';

/** Per-resource strategies; a resource without an entry uses the default strategy. */
const STRATEGIES: Record<string, (def: ResourceDefinition) => ResourceStrategy> = {
  '/namespaces': (def) => {
    const base = defaultStrategy(def, { nameRule: dnsLabelName });
    // A new namespace is Active (the namespace strategy's PrepareForCreate).
    return {
      ...base,
      prepareForCreate(ns) {
        base.prepareForCreate(ns);
        ns['status'] = { phase: 'Active' };
      },
    };
  },
  '/services': (def) => defaultStrategy(def, { nameRule: dnsLabelName }),
  '/pods': (def) =>
    defaultStrategy(def, {
      nodeName: (pod: KubeObject) => (pod['spec'] as { nodeName?: string } | undefined)?.nodeName,
      selectableFields: (pod: KubeObject) => ({
        'spec.nodeName': (pod['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '',
        'status.phase': (pod['status'] as { phase?: string } | undefined)?.phase ?? '',
      }),
    }),
};

/** One generic store per served resource, found by group, version and resource. */
export class Registry {
  readonly #stores = new Map<string, GenericStore>();
  readonly #statusStores = new Map<string, GenericStore>();

  constructor(store: EventStore, resources: readonly ResourceDefinition[] = RESOURCES) {
    for (const def of resources) {
      const strategy = (STRATEGIES[`${def.group}/${def.resource}`] ?? ((d: ResourceDefinition) => defaultStrategy(d)))(def);
      const key = `${def.group}/${def.version}/${def.resource}`;
      this.#stores.set(key, new GenericStore(def, strategy, store));
      if (def.subresources?.some((s) => s.name === 'status')) this.#statusStores.set(key, new GenericStore(def, statusStrategy(strategy), store));
    }
  }

  find(group: string, version: string, resource: string): GenericStore | undefined {
    return this.#stores.get(`${group}/${version}/${resource}`);
  }

  /** The store behind `<resource>/status`, for resources that have one. */
  findStatus(group: string, version: string, resource: string): GenericStore | undefined {
    return this.#statusStores.get(`${group}/${version}/${resource}`);
  }
}
