import type { KubeObject } from '@kubeledger/api';
import type { BusConnection } from '@kubeledger/bus';
import type { ResourceRef } from '../rest/resource-ref.js';
import type { Indexers } from './indexers.js';
import type { EventSource, Informer } from './informer.js';
import { resourceInformer, type ListerClient } from './resource-informer.js';

export interface SharedInformersDeps {
  readonly client: ListerClient;
  readonly bus: BusConnection | EventSource;
  readonly log?: (message: string) => void;
}

/**
 * One informer per resource for a whole process (client-go's SharedInformerFactory): every
 * controller that watches pods reads the same cache and adds its handlers and indexes to it, so
 * the process lists and follows each resource once. Informers on a selection (a namespace, a
 * field selector) are not shared: make those with `resourceInformer`.
 *
 * Controllers start the informers they use (`start()` is idempotent); the process stops them all
 * with {@link stop}, after its controllers' workers.
 */
export class SharedInformers {
  readonly #deps: SharedInformersDeps;
  readonly #informers = new Map<string, Informer<KubeObject>>();

  constructor(deps: SharedInformersDeps) {
    this.#deps = deps;
  }

  /** The informer on every object of `resource`, created on first use, with `indexers` added to it (see {@link Informer.addIndexers}). */
  for(resource: ResourceRef, indexers: Indexers = {}): Informer<KubeObject> {
    const key = `${resource.group}/${resource.version}/${resource.resource}`;
    let informer = this.#informers.get(key);
    if (!informer) {
      const { client, bus, log } = this.#deps;
      informer = resourceInformer({ client, bus, resource, name: resource.group ? `${resource.resource}.${resource.group}` : resource.resource, ...(log && { log }) });
      this.#informers.set(key, informer);
    }
    informer.addIndexers(indexers);
    return informer;
  }

  /** How many informers there are (one per resource in use). */
  get size(): number {
    return this.#informers.size;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.#informers.values()].map((i) => i.stop()));
  }
}
