import type { KubeObject } from '@kubeledger/api';
import {
  isAlreadyExists,
  NAMESPACES,
  SERVICEACCOUNTS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';
import { namespaceEventHandler, serviceAccountEventHandler, type Enqueue } from './serviceaccounts.event-handlers.js';
import { reconcileNamespace, type ReconcileNamespaceDeps } from './serviceaccounts.reconcile-namespace.js';

export interface ServiceAccountsControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** Upstream runs one worker. */
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const tracer = tracerFor('serviceaccount-controller');

/**
 * The ServiceAccounts controller's wiring (STYLE 17), upstream's `serviceaccounts_controller.go`:
 * informers on Namespaces and ServiceAccounts queue namespace names (every namespace from the
 * initial list, a changed one, the namespace of a deleted `default`); the workers run
 * {@link reconcileNamespace}, which creates `default` where it is missing.
 */
export class ServiceAccountsController {
  readonly namespaces: Informer<KubeObject>;
  readonly serviceAccounts: Informer<KubeObject>;
  readonly queue: SyncQueue;

  constructor(deps: ServiceAccountsControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.namespaces = informers.for(NAMESPACES);
    this.serviceAccounts = informers.for(SERVICEACCOUNTS);
    const reconcileDeps: ReconcileNamespaceDeps = {
      getNamespace: (name) => this.namespaces.get('', name),
      getServiceAccount: (namespace, name) => this.serviceAccounts.get(namespace, name),
      createServiceAccount: (namespace, sa) => client.create(SERVICEACCOUNTS, namespace, sa),
      isAlreadyExists,
      isNamespaceTerminating,
      log,
    };
    this.queue = new SyncQueue((name) => reconcileNamespace(name, reconcileDeps), {
      name: 'serviceaccount',
      tracer,
      span: 'sync namespace',
      resource: 'namespaces',
      workers: deps.workers ?? 1,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (name, ctx) => this.queue.add(name, ctx);
    this.namespaces.addEventHandler(namespaceEventHandler(enqueue));
    this.serviceAccounts.addEventHandler(serviceAccountEventHandler(enqueue));
  }

  async start(): Promise<boolean> {
    void this.namespaces.start();
    void this.serviceAccounts.start();
    return waitForCacheSync(this.namespaces, this.serviceAccounts);
  }

  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }
}
