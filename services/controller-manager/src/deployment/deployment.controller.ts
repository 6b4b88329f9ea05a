import type { KubeObject } from '@kubeledger/api';
import {
  DEPLOYMENTS,
  EventRecorder,
  IndexNames,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isNotFound,
  namespaceIndexer,
  PODS,
  REPLICASETS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { deploymentEventHandler, podEventHandler, replicaSetEventHandler, type Enqueue } from './deployment.event-handlers.js';
import { reconcileDeployment, type ReconcileDeploymentDeps } from './deployment.reconcile-deployment.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';
import { SyncQueue } from '../controller-utils/sync-queue.js';

export interface DeploymentControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** Deployments synced at once (upstream's --concurrent-deployment-syncs, 5). */
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const BY_CONTROLLER = 'controller-uid';
const tracer = tracerFor('deployment-controller');

/** Files an object under its controller's uid (none: not indexed). */
const byController = (o: KubeObject): string[] => {
  const uid = controllerRefOf(o)?.uid;
  return uid ? [uid] : [];
};

/**
 * The Deployment controller's wiring (STYLE 17): informers on Deployments, ReplicaSets and Pods
 * feed a work queue of Deployment keys through the event handlers; the workers run
 * {@link reconcileDeployment} per key. `start()` resolves once the informers synced; {@link run}
 * starts the workers (the leader's work) until {@link stop}.
 */
export class DeploymentController {
  readonly deployments: Informer<KubeObject>;
  readonly replicaSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly recorder: EventRecorder;

  constructor(deps: DeploymentControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    const byNamespace = { [IndexNames.namespace]: namespaceIndexer() };
    this.deployments = informers.for(DEPLOYMENTS, byNamespace);
    this.replicaSets = informers.for(REPLICASETS, byNamespace);
    this.pods = informers.for(PODS, { [BY_CONTROLLER]: byController });
    this.recorder = new EventRecorder(client, { component: 'deployment-controller' }, { log });
    const reconcileDeps = this.#reconcileDeps(deps, log);
    // Each sync of a Deployment continues the trace of the event that queued it (DESIGN §7).
    this.queue = new SyncQueue((key) => reconcileDeployment(key, reconcileDeps), {
      name: 'deployment',
      tracer,
      span: 'sync deployment',
      resource: 'deployments',
      workers: deps.workers ?? 5,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    const getDeployment = (namespace: string, name: string) => this.deployments.get(namespace, name);
    this.deployments.addEventHandler(deploymentEventHandler(enqueue));
    this.replicaSets.addEventHandler(replicaSetEventHandler({ getDeployment, listDeployments: (ns) => this.deployments.byIndex(IndexNames.namespace, ns), enqueue }));
    this.pods.addEventHandler(podEventHandler({ getReplicaSet: (ns, name) => this.replicaSets.get(ns, name), getDeployment, enqueue }));
  }

  async start(): Promise<boolean> {
    void this.deployments.start();
    void this.replicaSets.start();
    void this.pods.start();
    return waitForCacheSync(this.deployments, this.replicaSets, this.pods);
  }

  /** Starts the workers: every Deployment was queued by the initial list. */
  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.recorder.flush();
  }

  #reconcileDeps({ client }: DeploymentControllerDeps, log: (message: string) => void): ReconcileDeploymentDeps {
    const ns = (o: KubeObject) => o.metadata?.namespace;
    return {
      getDeployment: (namespace, name) => this.deployments.get(namespace, name),
      listReplicaSets: (namespace) => this.replicaSets.byIndex(IndexNames.namespace, namespace),
      listOwnedPods: (namespace, uid) => this.pods.byIndex(BY_CONTROLLER, uid).filter((p) => p.metadata?.namespace === namespace),
      getFreshDeployment: (namespace, name) => client.get(DEPLOYMENTS, namespace, name),
      getFreshReplicaSet: (namespace, name) => client.get(REPLICASETS, namespace, name),
      createReplicaSet: (rs) => client.create(REPLICASETS, ns(rs), rs),
      updateReplicaSet: (rs) => client.update(REPLICASETS, ns(rs), rs),
      patchReplicaSet: (namespace, name, patch) => client.patch(REPLICASETS, namespace, name, patch, 'strategic'),
      deleteReplicaSet: (rs) => client.delete(REPLICASETS, ns(rs), rs.metadata?.name ?? '', { preconditions: { uid: rs.metadata?.uid, resourceVersion: rs.metadata?.resourceVersion } }),
      updateDeploymentStatus: (d) => client.updateStatus(DEPLOYMENTS, ns(d), d),
      event: (object, type, reason, message) => this.recorder.event(object, type, reason, message),
      now: () => new Date(),
      isConflict,
      isNotFound,
      isInvalid,
      isAlreadyExists,
      isNamespaceTerminating,
      log,
    };
  }
}
