import type { BusConnection } from '@kubeledger/bus';
import { ENDPOINTSLICES, SERVICES, resourceInformer, waitForCacheSync, type Informer, type KubeClient } from '@kubeledger/client';
import { serviceRoutes } from './service-routes.js';
import { UserspaceProxier } from './userspace-proxier.js';

/** How long changes are gathered before the routes are recomputed (kube-proxy's minSyncPeriod is 1 s; this is well inside it). */
const SYNC_DELAY_MS = 20;

/**
 * The proxy's wiring: informers on Services and EndpointSlices; any change schedules one sync
 * that recomputes every route and applies it to the userspace proxier.
 */
export class ProxyController {
  readonly services: Informer;
  readonly slices: Informer;
  readonly proxier: UserspaceProxier;
  readonly #nodePortAddress: string;
  #timer: NodeJS.Timeout | undefined;
  syncs = 0;

  constructor(deps: { client: Pick<KubeClient, 'list' | 'get'>; bus: BusConnection; nodePortAddress: string; log: (message: string) => void }) {
    this.services = resourceInformer({ client: deps.client, bus: deps.bus, resource: SERVICES, name: 'services', log: deps.log });
    this.slices = resourceInformer({ client: deps.client, bus: deps.bus, resource: ENDPOINTSLICES, name: 'endpointslices', log: deps.log });
    this.proxier = new UserspaceProxier(deps.log);
    this.#nodePortAddress = deps.nodePortAddress;
    const changed = { onAdd: () => this.#schedule(), onUpdate: () => this.#schedule(), onDelete: () => this.#schedule() };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
  }

  /** Starts the informers and applies the first routes once both synced. */
  async start(): Promise<void> {
    await Promise.all([this.services.start(), this.slices.start()]);
    await waitForCacheSync(this.services, this.slices);
    this.sync();
  }

  sync(): void {
    this.#timer = undefined;
    this.syncs++;
    this.proxier.apply(serviceRoutes(this.services.list(), this.slices.list(), this.#nodePortAddress));
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    await Promise.allSettled([this.services.stop(), this.slices.stop()]);
    await this.proxier.close();
  }

  #schedule(): void {
    if (!this.services.hasSynced() || !this.slices.hasSynced()) return;
    this.#timer ??= setTimeout(() => this.sync(), SYNC_DELAY_MS);
  }
}
