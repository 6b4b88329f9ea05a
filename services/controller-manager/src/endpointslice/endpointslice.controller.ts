import type { KubeObject } from '@kubeledger/api';
import {
  ENDPOINTSLICES,
  isConflict,
  isNotFound,
  PODS,
  SERVICES,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SERVICE_NAME_LABEL } from './desired-endpoints.js';
import { keyOf, podEventHandler, serviceEventHandler, sliceEventHandler, type Enqueue } from './endpointslice.event-handlers.js';
import { reconcileService, type ReconcileServiceDeps } from './endpointslice.reconcile-service.js';
import { SliceTracker } from './slice-tracker.js';
import { SyncQueue } from '../controller-utils/sync-queue.js';

export interface EndpointSliceControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'update' | 'delete'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const BY_SERVICE = 'service';
const tracer = tracerFor('endpointslice-controller');

/**
 * The EndpointSlice controller's wiring (STYLE 17): informers on Services, Pods and
 * EndpointSlices feed a work queue of Service keys through the event handlers; the workers run
 * {@link reconcileService} per key. `start()` resolves once the informers synced; {@link run}
 * starts the workers (the leader's work) until {@link stop}.
 */
export class EndpointSliceController {
  readonly services: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly slices: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly tracker = new SliceTracker();
  readonly #log: (message: string) => void;

  constructor(deps: EndpointSliceControllerDeps) {
    const { informers } = deps;
    const log = (this.#log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`)));
    this.services = informers.for(SERVICES);
    this.pods = informers.for(PODS);
    this.slices = informers.for(ENDPOINTSLICES, {
      [BY_SERVICE]: (s) => {
        const service = (s.metadata?.['labels'] as Record<string, string> | undefined)?.[SERVICE_NAME_LABEL];
        return service ? [keyOf(s.metadata?.namespace, service)] : [];
      },
    });
    // Each sync of a Service continues the trace of the event that queued it (DESIGN §7).
    this.queue = new SyncQueue((key) => reconcileService(key, this.#reconcileDeps(deps)), {
      name: 'endpointslice',
      tracer,
      span: 'sync endpointslices',
      resource: 'services',
      workers: deps.workers ?? 5,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    this.services.addEventHandler(serviceEventHandler(enqueue));
    this.pods.addEventHandler(podEventHandler({ listServices: (ns) => this.services.list(ns), enqueue }));
    this.slices.addEventHandler(sliceEventHandler(enqueue));
  }

  async start(): Promise<boolean> {
    void this.services.start();
    void this.pods.start();
    void this.slices.start();
    return waitForCacheSync(this.services, this.pods, this.slices);
  }

  /** Starts the workers: every Service (and every orphaned slice's Service) was queued by the initial lists. */
  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  #reconcileDeps({ client }: EndpointSliceControllerDeps): ReconcileServiceDeps {
    return {
      getService: (namespace, name) => this.services.get(namespace, name),
      listPods: (namespace) => this.pods.list(namespace),
      listSlices: (namespace, name) => this.slices.byIndex(BY_SERVICE, keyOf(namespace, name)),
      tracker: this.tracker,
      createSlice: (slice) => client.create(ENDPOINTSLICES, slice.metadata?.namespace, slice),
      updateSlice: (slice) => client.update(ENDPOINTSLICES, slice.metadata?.namespace, slice),
      deleteSlice: (namespace, name, uid) => client.delete(ENDPOINTSLICES, namespace, name, uid ? { preconditions: { uid } } : {}),
      isConflict,
      isNotFound,
      log: this.#log,
    };
  }
}
