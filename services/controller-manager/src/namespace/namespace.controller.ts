import type { KubeObject } from '@kubeledger/api';
import {
  IndexNames,
  isConflict,
  isMethodNotSupported,
  isNotFound,
  namespaceIndexer,
  NAMESPACES,
  PODS,
  resourcePath,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
  type ResourceRef,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { discoverResources } from '../controller-utils/discover-resources.js';
import { namespaceEventHandler, podEventHandler, type EnqueueAfter } from './namespace.event-handlers.js';
import { reconcileNamespace, type ReconcileNamespaceDeps } from './namespace.reconcile-namespace.js';

export interface NamespaceControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'listAll' | 'get' | 'updateStatus' | 'requestJson'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --concurrent-namespace-syncs (upstream: 10). */
  readonly workers?: number;
  readonly retryMs?: number;
  /** How long after a namespace event its sync starts (namespace.event-handlers.ts). */
  readonly eventDelayMs?: number;
  readonly log?: (message: string) => void;
}

const tracer = tracerFor('namespace-controller');
/** What the namespace controller deletes content with (upstream: propagation Background). */
const DELETE_COLLECTION_OPTIONS = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };

/** A 405, or a 404 for a collection discovery listed (upstream's opCache treats both as "not supported"). */
const isNotSupported = (err: unknown) => isMethodNotSupported(err) || isNotFound(err);

/**
 * The namespace controller's wiring (upstream's NamespaceController): an informer on namespaces
 * queues those being deleted; an informer on pods queues a terminating namespace again as its
 * pods go. The workers run {@link reconcileNamespace}. `start()` resolves once the informers
 * synced; {@link run} starts the workers (the leader's work) until {@link stop}.
 */
export class NamespaceController {
  readonly namespaces: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: SyncQueue;

  constructor(deps: NamespaceControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.namespaces = informers.for(NAMESPACES);
    this.pods = informers.for(PODS, { [IndexNames.namespace]: namespaceIndexer() });
    const reconcileDeps = this.#reconcileDeps(client, log);
    this.queue = new SyncQueue((name) => reconcileNamespace(name, reconcileDeps), {
      name: 'namespace',
      tracer,
      span: 'sync namespace',
      resource: 'namespaces',
      workers: deps.workers ?? 10,
      retryMs: deps.retryMs,
      log,
    });
    const enqueueAfter: EnqueueAfter = (name, delayMs, ctx) => this.queue.addAfter(name, delayMs, ctx);
    this.namespaces.addEventHandler(namespaceEventHandler({ enqueueAfter, ...(deps.eventDelayMs !== undefined && { delayMs: deps.eventDelayMs }) }));
    this.pods.addEventHandler(podEventHandler({ getNamespace: (name) => this.namespaces.get('', name), podsIn: (namespace) => this.pods.byIndex(IndexNames.namespace, namespace), enqueueAfter }));
  }

  async start(): Promise<boolean> {
    void this.namespaces.start();
    void this.pods.start();
    return waitForCacheSync(this.namespaces, this.pods);
  }

  /** Starts the workers: every namespace being deleted was queued by the initial list. */
  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  #reconcileDeps(client: NamespaceControllerDeps['client'], log: (message: string) => void): ReconcileNamespaceDeps {
    return {
      getNamespace: (name) =>
        client.get(NAMESPACES, undefined, name).catch((err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        }),
      updateStatus: (ns) => client.updateStatus(NAMESPACES, undefined, ns),
      finalize: (ns) => client.requestJson<KubeObject>('PUT', resourcePath(NAMESPACES, undefined, ns.metadata?.name ?? '', 'finalize'), ns),
      discover: () => discoverResources((path) => client.requestJson('GET', path)),
      deleteCollection: async (ref: ResourceRef, namespace) => void (await client.requestJson('DELETE', resourcePath(ref, namespace), DELETE_COLLECTION_OPTIONS)),
      list: async (ref, namespace) => (await client.listAll(ref, { namespace })).items,
      cachedPods: (namespace) => this.pods.byIndex(IndexNames.namespace, namespace),
      isNotSupported,
      isConflict,
      isNotFound,
      now: () => new Date(),
      log,
    };
  }
}
