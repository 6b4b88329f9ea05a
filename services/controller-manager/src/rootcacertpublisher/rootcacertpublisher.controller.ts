import type { KubeObject } from '@kubeledger/api';
import type { BusConnection } from '@kubeledger/bus';
import {
  CONFIGMAPS,
  isNotFound,
  NAMESPACES,
  resourceInformer,
  waitForCacheSync,
  type EventSource,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';
import { configMapEventHandler, namespaceEventHandler, ROOT_CA_CONFIGMAP, type Enqueue } from './rootcacertpublisher.event-handlers.js';
import { reconcileNamespace, type ReconcileNamespaceDeps } from './rootcacertpublisher.reconcile-namespace.js';

export interface RootCaCertPublisherDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'update'>;
  readonly bus: BusConnection | EventSource;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** The cluster CA bundle (PEM): --root-ca-file, or the CA of the controller-manager's kubeconfig. */
  readonly rootCa: string;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const tracer = tracerFor('root-ca-cert-publisher');

/**
 * The root CA publisher's wiring (STYLE 17), upstream's `rootcacertpublisher`: informers on
 * Namespaces and on the `kube-root-ca.crt` ConfigMaps (only those: a field selector on the name)
 * queue namespace names; the worker runs {@link reconcileNamespace}, which keeps that ConfigMap
 * holding the cluster CA bundle in every namespace.
 */
export class RootCaCertPublisher {
  readonly namespaces: Informer<KubeObject>;
  readonly configMaps: Informer<KubeObject>;
  readonly queue: SyncQueue;

  constructor(deps: RootCaCertPublisherDeps) {
    const { client, bus, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.namespaces = informers.for(NAMESPACES);
    this.configMaps = resourceInformer({ client, bus, resource: CONFIGMAPS, name: 'root-ca-configmaps', fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}`, log });
    const reconcileDeps: ReconcileNamespaceDeps = {
      rootCa: deps.rootCa,
      getConfigMap: (namespace, name) => this.configMaps.get(namespace, name),
      createConfigMap: (namespace, cm) => client.create(CONFIGMAPS, namespace, cm),
      updateConfigMap: (namespace, cm) => client.update(CONFIGMAPS, namespace, cm),
      isNotFound,
      isNamespaceTerminating,
    };
    this.queue = new SyncQueue((name) => reconcileNamespace(name, reconcileDeps), {
      name: 'root-ca-cert-publisher',
      tracer,
      span: 'sync namespace',
      resource: 'namespaces',
      workers: 1,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (name, ctx) => this.queue.add(name, ctx);
    this.namespaces.addEventHandler(namespaceEventHandler(enqueue));
    this.configMaps.addEventHandler(configMapEventHandler(enqueue));
  }

  async start(): Promise<boolean> {
    void this.namespaces.start();
    void this.configMaps.start();
    return waitForCacheSync(this.namespaces, this.configMaps);
  }

  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.configMaps.stop();
  }
}
