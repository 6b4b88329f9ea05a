import type { BusConnection } from '@kubeledger/bus';
import { ENDPOINTSLICES, SERVICES, resourceInformer, waitForCacheSync, type EventContext, type EventHandler, type Informer, type KubeClient } from '@kubeledger/client';
import { contextFromTraceparent, inSpanSync, ROOT_CONTEXT, trace, tracer as tracerFor } from '@kubeledger/telemetry';
import { serviceRoutes } from './service-routes.js';
import { UserspaceProxier } from './userspace-proxier.js';

/** How long changes are gathered before the routes are recomputed (kube-proxy's minSyncPeriod is 1 s; this is well inside it). */
const SYNC_DELAY_MS = 20;
/** A sync links to at most this many of the traces that asked for it. */
const MAX_LINKED = 32;
const tracer = tracerFor('proxy');

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
  /** The traces of the events the next sync serves. */
  readonly #traces: string[] = [];
  syncs = 0;

  constructor(deps: { client: Pick<KubeClient, 'list' | 'get'>; bus: BusConnection; nodePortAddress: string; log: (message: string) => void }) {
    this.services = resourceInformer({ client: deps.client, bus: deps.bus, resource: SERVICES, name: 'services', log: deps.log });
    this.slices = resourceInformer({ client: deps.client, bus: deps.bus, resource: ENDPOINTSLICES, name: 'endpointslices', log: deps.log });
    this.proxier = new UserspaceProxier(deps.log);
    this.#nodePortAddress = deps.nodePortAddress;
    const changed: EventHandler = {
      onAdd: (_o, _initial, ctx) => this.#schedule(ctx),
      onUpdate: (_old, _o, ctx) => this.#schedule(ctx),
      onDelete: (_o, ctx) => this.#schedule(ctx),
    };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
  }

  /** Starts the informers and applies the first routes once both synced. */
  async start(): Promise<void> {
    await Promise.all([this.services.start(), this.slices.start()]);
    await waitForCacheSync(this.services, this.slices);
    this.sync();
  }

  /**
   * Recomputes and applies every route. A sync some traced events asked for is a span in the
   * trace of the latest of them, linked to the others' (one sync serves every change it gathered).
   */
  sync(): void {
    this.#timer = undefined;
    this.syncs++;
    const traces = this.#traces.splice(0);
    const apply = () => this.proxier.apply(serviceRoutes(this.services.list(), this.slices.list(), this.#nodePortAddress));
    if (traces.length === 0) return apply();
    const parent = contextFromTraceparent(traces.at(-1), ROOT_CONTEXT);
    const links = traces.slice(0, -1).flatMap((tp) => {
      const span = trace.getSpanContext(contextFromTraceparent(tp, ROOT_CONTEXT));
      return span ? [{ context: span }] : [];
    });
    inSpanSync(tracer, 'program routes', { links, attributes: { 'kubeledger.proxy.changes': traces.length } }, apply, parent);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    await Promise.allSettled([this.services.stop(), this.slices.stop()]);
    await this.proxier.close();
  }

  #schedule(ctx?: EventContext): void {
    if (!this.services.hasSynced() || !this.slices.hasSynced()) return;
    if (ctx?.traceparent !== undefined && this.#traces.length < MAX_LINKED) this.#traces.push(ctx.traceparent);
    this.#timer ??= setTimeout(() => this.sync(), SYNC_DELAY_MS);
  }
}
